// The cockpit through createApp: who may see /metrics and the dashboard, that the real
// promtool accepts what a working gateway exports, and that nothing secret shows.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { hasPromtool, promtoolCheck } from '../observe/prom-samples.ts';
import { A, B, policyApp } from '../support/policy-app.ts';
import { reply } from '../support/scripted-fetch.ts';

const chat = (app: ReturnType<typeof policyApp>['app'], model = 'ab') =>
  app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [] }) });

describe('the cockpit', () => {
  it('counts requests, attempts and failovers by configured names only, never by the model a client sent', async () => {
    const { app, upstream } = policyApp('[defaults]\ncooldown_after = 0\n');
    upstream.script(A, reply(503, { error: { message: 'busy' } }));
    upstream.script(B, reply(200, { choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } }));
    for (let i = 0; i < 5; i++) await (await chat(app, `client-model-${i}`)).text();
    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(/understudy_failovers_total\{from="a",to="b",reason="5xx"\} 5/);
    expect(text).toMatch(/understudy_tokens_total\{backend="b",kind="input"\} 35/);
    expect(text).toMatch(/understudy_requests_in_flight 0/);
    expect(text).not.toContain('client-model');
  });

  it.skipIf(!hasPromtool)('exports what the real promtool accepts, after traffic of every kind', async () => {
    const { app, upstream } = policyApp();
    upstream.script(A, reply(503));
    upstream.script(B, reply(200, { choices: [] }));
    await chat(app);
    await app.request('/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"ab","input":"hi"}' });
    await app.request('/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"ab","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}' });
    expect(promtoolCheck(await (await app.request('/metrics')).text())).toEqual({ status: 0, output: '' });
  });

  it('answers /metrics and the dashboard only on this machine or to a client key, and never shows a key', async () => {
    const config = loadConfig(undefined, { FAST_BASE_URL: 'http://f.test/v1', FAST_API_KEY: 'sk-backend-secret', GATEWAY_API_KEYS: 'client-key' });
    const from = (address: string) => createApp({ config, fetch: async () => Response.json({}), clientAddress: () => address });
    for (const path of ['/metrics', '/dashboard', '/dashboard/state']) {
      expect((await from('192.168.1.9').request(path)).status, path).toBe(403);
      expect((await from('192.168.1.9').request(path, { headers: { authorization: 'Bearer client-key' } })).status, path).toBe(200);
      const local = await from('127.0.0.1').request(path);
      expect(local.status, path).toBe(200);
      expect(await local.text(), path).not.toContain('sk-backend-secret');
    }
    const page = await from('127.0.0.1').request('/dashboard');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
