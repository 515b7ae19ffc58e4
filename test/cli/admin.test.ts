import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { fakeIo } from './support/fake-io.ts';
import { type Reply, startTinyServer } from './support/tiny-server.ts';

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fake gateway on loopback answering the admin endpoints as `reply` says. */
async function gateway(reply: (path: string) => Reply) {
  const s = await startTinyServer((got) => reply(got.url));
  servers.push(s);
  return s;
}

/** The CLI with the real fetch, talking to loopback. */
const realFetch = (url: string, init: RequestInit) => fetch(url, init);

describe('understudy reload / rollback', () => {
  it('POSTs {} as JSON with the admin header and the first client key, and prints what changed', async () => {
    const s = await gateway(() => ({ status: 200, body: { ok: true, changed: ['backends.fast', 'aliases.smart'] } }));
    const f = fakeIo({ fetch: realFetch, env: { GATEWAY_API_KEYS: ' key-one , key-two' } });
    expect(await runCli(['reload', '--url', s.url], f.io)).toBe(0);
    expect(f.out).toEqual(['Reloaded: changed backends.fast, aliases.smart']);
    expect(s.got).toHaveLength(1);
    const [got] = s.got;
    expect([got!.method, got!.url, got!.body]).toEqual(['POST', '/admin/reload', '{}']);
    expect(got!.headers).toMatchObject({ 'content-type': 'application/json', 'x-understudy-admin': '1', authorization: 'Bearer key-one' });
  });

  it('rolls back, and says when nothing changed', async () => {
    const s = await gateway(() => ({ status: 200, body: { ok: true, changed: [] } }));
    const f = fakeIo({ fetch: realFetch });
    expect(await runCli(['rollback', '--url', s.url], f.io)).toBe(0);
    expect(f.out).toEqual(['Rolled back: nothing changed']);
    expect(s.got[0]!.url).toBe('/admin/rollback');
    expect(s.got[0]!.headers.authorization).toBeUndefined();
  });

  it('prints the gateway\'s reason and exits 1 when it refuses', async () => {
    const s = await gateway(() => ({ status: 400, body: { error: { message: 'Cannot load config "gateway.toml": backends.fast.modle: unknown key', type: 'invalid_request_error' } } }));
    const f = fakeIo({ fetch: realFetch });
    expect(await runCli(['reload', '--url', s.url], f.io)).toBe(1);
    expect(f.errors()).toBe('reload refused (400): Cannot load config "gateway.toml": backends.fast.modle: unknown key');
  });

  it('tells a gateway without hot reload from a refusal', async () => {
    const s = await gateway(() => ({ status: 404, body: { error: { message: 'No route for POST /admin/rollback.', type: 'not_found_error', param: null, code: 'not_found' } } }));
    const f = fakeIo({ fetch: realFetch });
    expect(await runCli(['rollback', '--url', s.url], f.io)).toBe(1);
    expect(f.errors()).toBe(`rollback: the gateway at ${s.url} has no /admin/rollback (a version without hot reload?)`);
  });

  it('finds the gateway at the configured port, and exits 1 when nothing listens there', async () => {
    const s = await gateway(() => ({ status: 200, body: { ok: true, changed: ['server.timeout'] } }));
    const port = new URL(s.url).port;
    const f = fakeIo({ fetch: realFetch, env: { FAST_BASE_URL: 'http://127.0.0.1:9/v1', PROXY_PORT: port } });
    expect(await runCli(['reload'], f.io)).toBe(0);
    await s.close();
    servers.pop();
    const g = fakeIo({ fetch: realFetch, env: { FAST_BASE_URL: 'http://127.0.0.1:9/v1', PROXY_PORT: port } });
    expect(await runCli(['reload'], g.io)).toBe(1);
    expect(g.errors()).toBe(`reload: cannot reach the gateway at http://127.0.0.1:${port}: connection refused`);
  });
});
