import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createConsoleLogger } from '../../src/log.ts';
import { LiveGateway } from '../../src/reload/live-gateway.ts';
import { createSharedState } from '../../src/shared-state.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const toml = (model: string, url = 'http://a.test/v1') => `[backends.a]\nbase_url = "${url}"\nmodel = "${model}"\ncooldown_after = 1\n[aliases]\nx = ["a"]\n`;

/** A live gateway over files held in memory, answering every upstream call 503, with its log lines. */
async function live(files: Record<string, string>) {
  const time = createFakeClock();
  const lines: string[] = [];
  const log = createConsoleLogger({ sink: { out: (l) => void lines.push(l), err: (l) => void lines.push(l) } });
  const readText = async (path: string) => files[path];
  const shared = createSharedState(loadConfig(files['gateway.toml'], {}), { clock: time.clock });
  const fetch = async () => Response.json({ error: { message: 'down' } }, { status: 503 });
  const gateway = await LiveGateway.start({ env: {}, readText, log, shared, build: (config, control) => createApp({ config, fetch, log, shared, control, clientAddress: () => '127.0.0.1' }) });
  const ask = () => gateway.fetch(new Request('http://localhost/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"x","messages":[]}' }));
  const health = async () => ((await (await gateway.fetch(new Request('http://localhost/health'))).json()) as { backends: Array<{ state: string }> }).backends;
  return { gateway, files, lines, ask, health, time };
}

describe('LiveGateway', () => {
  it('keeps the health of a backend whose definition did not change, and starts a changed one healthy', async () => {
    const { gateway, files, ask, health } = await live({ 'gateway.toml': toml('m1') });
    await (await ask()).text();
    expect((await health())[0]!.state).toBe('cooling');
    files['gateway.toml'] = `${toml('m1')}\n# a comment only\n`;
    await gateway.reload('test');
    expect((await health())[0]!.state).toBe('cooling'); // same definition: same breaker
    files['gateway.toml'] = toml('m2');
    await gateway.reload('test');
    expect((await health())[0]!.state).toBe('healthy');
  });

  it('refuses a bad config with the reason, keeps serving the running one, and logs one line', async () => {
    const { gateway, files, lines } = await live({ 'gateway.toml': toml('m1') });
    files['gateway.toml'] = '[backends.a]\nbase_url = "not a url"\n';
    const result = await gateway.reload('test');
    expect(result).toMatchObject({ ok: false });
    expect(gateway.config.backends.a!.model).toBe('m1');
    expect(lines.filter((l) => l.includes('reload (test) refused'))).toHaveLength(1);
  });

  it('has nothing to roll back to before a reload, then returns to the last good config and back again', async () => {
    const { gateway, files } = await live({ 'gateway.toml': toml('m1') });
    expect(await gateway.rollback()).toMatchObject({ ok: false });
    files['gateway.toml'] = toml('m2');
    await gateway.reload('test');
    expect(await gateway.rollback()).toEqual({ ok: true, changed: ['backend a: model changed'] });
    expect(gateway.config.backends.a!.model).toBe('m1');
    await gateway.rollback();
    expect(gateway.config.backends.a!.model).toBe('m2');
  });

  it('reloads once the watched file has changed, on the clock', async () => {
    const { gateway, files, time } = await live({ 'gateway.toml': toml('m1') });
    const stop = gateway.watch({ everyMs: 1000, settleMs: 100 });
    await time.advance(1500);
    files['gateway.toml'] = toml('m2');
    await time.advance(1500);
    expect(gateway.config.backends.a!.model).toBe('m2');
    stop();
  });
});
