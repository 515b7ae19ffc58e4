import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardRoutes } from '../../src/observe/dashboard.ts';
import { fakeSource } from './fake-source.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The README's screenshot is rewritten only on request, so a test run leaves the work tree clean. */
const SCREENSHOT = process.env.UPDATE_SCREENSHOT ? join(import.meta.dirname, '../../docs/dashboard.png') : undefined;

if (!existsSync(CHROMIUM)) console.warn(`${CHROMIUM} not found: the dashboard's browser test is skipped. Install it with: apt-get install -y chromium`);

/** Serves the dashboard's handlers on loopback from a fake data source, as app.ts will. */
function serve(source: ReturnType<typeof fakeSource>): Promise<{ server: Server; url: string }> {
  const routes = dashboardRoutes(source.deps);
  const listener = getRequestListener((req) => routes[new URL(req.url).pathname]?.(req) ?? new Response('not found', { status: 404 }));
  const server = createServer(listener);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** A page that records console errors, script errors and CSP violations. */
async function watchedPage(context: BrowserContext) {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => r.url().endsWith('/dashboard/events') || problems.push(`request failed: ${r.url()}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, problems };
}

/** Loaded machines are slow: wait for what the page should show, up to a generous limit. */
const WAIT = { timeout: 15_000, interval: 50 };

const stateOf = (page: Page, name: string) => page.locator(`#backends tr.backend[data-name="${name}"]`).getAttribute('data-state');

describe.skipIf(!existsSync(CHROMIUM))('dashboard in headless Chromium (needs /usr/bin/chromium: apt-get install -y chromium)', () => {
  const source = fakeSource({ healthEveryMs: 100 });
  let server: Server;
  let url: string;
  let context: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'understudy-chromium-'));

  beforeAll(async () => {
    ({ server, url } = await serve(source));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 860 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows the backends live, then a backend going to cooling and new requests without a reload; the stream ends when the page leaves', async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(`${url}/dashboard`);
    await expect.poll(() => page.locator('#connection').textContent(), WAIT).toBe('live');
    expect(await stateOf(page, 'fast')).toBe('healthy');
    expect(await stateOf(page, 'smart')).toBe('healthy');
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

    source.request({ time: new Date(Date.now() - 80_000).toISOString(), modelSent: 'llama-v3p1-8b-instruct', firstByteMs: 180, totalMs: 2400 });
    source.request({ time: new Date(Date.now() - 70_000).toISOString(), attempts: [{ backend: 'fast', outcome: 503 }, { backend: 'smart', outcome: 200 }], backend: 'smart', modelSent: 'claude-sonnet-4-5', firstByteMs: 950, totalMs: 4100 });
    source.health.fast = { state: 'cooling', cooling_until: new Date(Date.now() + 30_000).toISOString(), consecutive_failures: 3, last_failure: { at: new Date().toISOString(), reason: 'HTTP 503 from upstream' } };

    await expect.poll(() => stateOf(page, 'fast'), WAIT).toBe('cooling');
    await expect.poll(() => page.locator('#recent tbody tr').count(), WAIT).toBe(2);
    await expect.poll(() => page.locator('#failovers tbody').textContent(), WAIT).toContain('fast');
    expect(await page.locator('#backends tr.backend[data-name="fast"]').textContent()).toContain('HTTP 503 from upstream');
    expect(await page.locator('#recent tbody tr').first().textContent()).toContain('fast 503 → smart 200');
    expect(await page.locator('#chart rect').count()).toBe(4);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    expect(problems).toEqual([]);
    expect(source.recent.listenerCount).toBe(1);
    await page.close();
    await expect.poll(() => source.recent.listenerCount, WAIT).toBe(0); // the event stream ended when the page left
  }, 60_000);

  it('falls back to polling /dashboard/state and still follows the breakers', async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(`${url}/dashboard?poll`);
    await expect.poll(() => page.locator('#connection').textContent(), WAIT).toBe('polling every 2 s');
    source.health.smart = { state: 'probing', cooling_until: null, consecutive_failures: 1, last_failure: { at: new Date().toISOString(), reason: 'timeout' } };
    await expect.poll(() => stateOf(page, 'smart'), WAIT).toBe('probing');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('sees a CSP violation when there is one (the watcher itself works)', async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(`${url}/dashboard`);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red }';
      document.head.append(style);
    });
    await expect.poll(() => problems.join('\n'), WAIT).toMatch(/style-src/);
    await page.close();
  }, 60_000);

  it('renders the whole page for a screenshot (UPDATE_SCREENSHOT=1 writes docs/dashboard.png)', async () => {
    const { page, problems } = await watchedPage(context);
    source.health.smart = { state: 'healthy', cooling_until: null, consecutive_failures: 0, last_failure: null,
      models: { 'claude-sonnet-4-5': { state: 'healthy', cooling_until: null, consecutive_failures: 0, last_failure: null } } };
    const latencies = [420, 380, 1900, 610, 5200, 730, 2600, 880, 450, 3100, 690, 1500];
    const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    latencies.forEach((totalMs, i) => {
      const backend = i % 3 ? 'fast' : 'smart';
      const sent = backend === 'fast' ? 'llama-v3p1-8b-instruct' : 'claude-sonnet-4-5';
      source.request({ time: ago(90 - i * 6), alias: backend, backend, modelSent: sent, attempts: [{ backend, outcome: 200 }], firstByteMs: totalMs / 4, totalMs, api: i % 2 ? 'chat' : 'responses' });
    });
    source.request({ time: ago(12), modelSent: 'claude-sonnet-4-5', attempts: [{ backend: 'fast', outcome: 'unreachable', cause: 'connection refused' }, { backend: 'smart', outcome: 200 }], backend: 'smart', firstByteMs: 640, totalMs: 2900 });
    source.request({ time: ago(65), modelAsked: 'o4-mini', modelSent: 'llama-v3p1-8b-instruct', streamEnd: 'stalled', firstByteMs: 300, totalMs: 60_300 });
    await page.goto(`${url}/dashboard`);
    await expect.poll(() => page.locator('#recent tbody tr').count(), WAIT).toBe(16);
    const png = await page.screenshot({ path: SCREENSHOT ?? join(profile, 'dashboard.png'), fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
