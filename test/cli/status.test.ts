import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { fakeIo, json, recordingFetch } from './support/fake-io.ts';
import { startTinyServer } from './support/tiny-server.ts';

/** GET /health as the gateway answers a loopback caller (src/routes/info.ts). */
const HEALTH = {
  status: 'ok',
  default_alias: 'fast',
  aliases: { fast: ['fast', 'smart'], smart: ['smart', 'fast'] },
  backends: [
    { name: 'fast', base_url: 'https://api.deepseek.com/v1', model: 'deepseek-chat', has_api_key: true, state: 'cooling', cooling_until: '2025-06-01T12:00:25.000Z', consecutive_failures: 3, last_failure: { at: '2025-06-01T11:59:55.000Z', reason: 'timeout' } },
    { name: 'smart', base_url: 'https://api.moonshot.ai/v1', model: 'kimi-k2-thinking', has_api_key: true, state: 'healthy', cooling_until: null, consecutive_failures: 0, last_failure: null },
  ],
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('understudy status', () => {
  it('shows each backend\'s state, failures, last failure and cooldown, and the default alias', async () => {
    const s = await startTinyServer(() => ({ status: 200, body: HEALTH }));
    close = s.close;
    const f = fakeIo({ fetch: (url, init) => fetch(url, init) });
    expect(await runCli(['status', '--url', s.url], f.io)).toBe(0);
    expect(f.out).toEqual([
      `Gateway ${s.url}: ok, default alias "fast"`,
      'Aliases: fast → fast, smart; smart → smart, fast',
      '  BACKEND  STATE    FAILURES  LAST FAILURE       COOLING UNTIL',
      '  fast     cooling  3         timeout (5 s ago)  2025-06-01T12:00:25.000Z (in 25 s)',
      '  smart    healthy  0         -                  -',
    ]);
    expect(s.got.map((g) => `${g.method} ${g.url}`)).toEqual(['GET /health']);
  });

  it('says when the gateway shows no backend detail to this caller', async () => {
    const f = fakeIo({ fetch: recordingFetch(() => json(200, { status: 'ok' })).fetch });
    expect(await runCli(['status', '--url', 'http://127.0.0.1:8086'], f.io)).toBe(0);
    expect(f.out[1]).toBe("It shows backend detail only to this machine or to a client key: run status on the gateway's machine, or set GATEWAY_API_KEYS.");
  });

  it('prints JSON for scripts', async () => {
    const f = fakeIo({ fetch: recordingFetch(() => json(200, HEALTH)).fetch });
    expect(await runCli(['status', '--json', '--url', 'http://127.0.0.1:8086'], f.io)).toBe(0);
    expect(JSON.parse(f.text())).toEqual({ url: 'http://127.0.0.1:8086', ...HEALTH });
  });

  it('exits 1 when the gateway cannot be reached or is not the gateway', async () => {
    const refused = fakeIo({ fetch: recordingFetch(() => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).fetch });
    expect(await runCli(['status'], refused.io)).toBe(1);
    expect(refused.errors()).toBe('status: cannot reach the gateway at http://127.0.0.1:8086: connection refused');
    const other = fakeIo({ fetch: recordingFetch(() => new Response('<html>', { status: 200 })).fetch });
    expect(await runCli(['status'], other.io)).toBe(1);
    expect(other.errors()).toBe("status: http://127.0.0.1:8086/health answered 200, not the gateway's health report");
  });
});
