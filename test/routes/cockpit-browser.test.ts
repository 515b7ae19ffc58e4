// The live dashboard of a real gateway in headless Chromium: it loads, and when a backend's
// mock starts failing, the page shows it cooling down without a reload.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockUpstream, startMockUpstream } from '../http/mock-upstream.ts';
import { type Gateway, inProcess } from '../http/targets.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 15_000, interval: 100 };

describe.skipIf(!existsSync(CHROMIUM))('the dashboard of a running gateway, in headless Chromium (apt-get install -y chromium)', () => {
  let fast: MockUpstream;
  let smart: MockUpstream;
  let gw: Gateway;
  let context: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'understudy-chromium-'));

  beforeAll(async () => {
    [fast, smart] = await Promise.all([startMockUpstream('fast'), startMockUpstream('smart')]);
    gw = await inProcess.start({ FAST_BASE_URL: fast.url, FAST_MODEL_NAME: 'fast-model', SMART_BASE_URL: smart.url, SMART_MODEL_NAME: 'smart-model', FAST_API_KEY: 'sk-never-shown' }, { toml: '[defaults]\ncooldown_after = 1\ncooldown = 60\n' });
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 860 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await gw?.stop();
    await Promise.all([fast?.close(), smart?.close()]);
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows fast going to cooling when its upstream starts failing, and the request that failed over, without a reload', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${gw.origin}/dashboard`);
    const state = (name: string) => page.locator(`#backends tr.backend[data-name="${name}"]`).getAttribute('data-state');
    await expect.poll(() => state('fast'), WAIT).toBe('healthy');
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same page'));

    fast.use((_req, res) => void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"fast is down"}}'));
    const res = await fetch(`${gw.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"fast","messages":[]}' });
    expect(res.headers.get('x-understudy-attempts')).toBe('fast:503,smart:200');
    await res.text();

    await expect.poll(() => state('fast'), WAIT).toBe('cooling');
    await expect.poll(() => page.locator('#recent tbody tr').count(), WAIT).toBeGreaterThan(0);
    expect(await page.locator('#recent tbody tr').first().textContent()).toContain('fast 503 → smart 200');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    expect(await page.content()).not.toContain('sk-never-shown');
    expect(problems).toEqual([]);
    await page.close();
  });
});
