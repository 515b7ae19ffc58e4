import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config/load-config.ts';

const config = loadConfig(undefined, { FAST_BASE_URL: 'http://f.example/v1', FAST_MODEL_NAME: 'mf', SMART_BASE_URL: 'http://s.example/v1' });

function appWith(answer: (url: string) => Response | Promise<Response>) {
  const calls: string[] = [];
  const app = createApp({ config, fetch: async (url) => (calls.push(url), answer(url)) });
  return { app, calls };
}

describe('createApp', () => {
  it('reports the serving backend and every attempt in response headers', async () => {
    const { app, calls } = appWith((url) => (url.startsWith('http://f.') ? new Response('', { status: 503 }) : Response.json({ ok: 1 })));
    const res = await app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"x"}' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-understudy-backend')).toBe('smart');
    expect(res.headers.get('x-understudy-attempts')).toBe('fast:503,smart:200');
    expect(calls).toEqual(['http://f.example/v1/chat/completions', 'http://s.example/v1/chat/completions']);
  });

  it('refuses a non-string model with a 400 naming the field', async () => {
    const { app, calls } = appWith(() => Response.json({}));
    const res = await app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":42}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ param: 'model', type: 'invalid_request_error' });
    expect(calls).toHaveLength(0);
  });

  it('refuses invalid UTF-8 as invalid JSON', async () => {
    const { app } = appWith(() => Response.json({}));
    const res = await app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) });
    expect(res.status).toBe(400);
  });

  it('treats a fetch that throws as an unreachable backend (502) and leaks nothing of the error', async () => {
    const { app } = appWith(() => {
      throw new Error('secret internals');
    });
    const res = await app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(502);
    expect(await res.text()).not.toContain('secret internals');
  });
});

describe('createApp: who may see what', () => {
  const keyed = loadConfig(undefined, { FAST_BASE_URL: 'http://f.example/v1', FAST_API_KEY: 'sk-backend', GATEWAY_API_KEYS: 'client-key' });
  const from = (address: string | undefined) => createApp({ config: keyed, fetch: async () => Response.json({}), clientAddress: () => address });

  it('shows backend detail in /health only to loopback or keyed callers', async () => {
    const remote = await (await from('192.168.1.50').request('/health')).json();
    expect(remote).toEqual({ status: 'ok' });
    const local = await (await from('127.0.0.1').request('/health')).json();
    expect(local.backends[0]).toMatchObject({ name: 'fast', has_api_key: true });
    const keyedRemote = await (await from('192.168.1.50').request('/health', { headers: { 'x-api-key': 'client-key' } })).json();
    expect(keyedRemote.backends).toHaveLength(2);
    expect(JSON.stringify([local, keyedRemote])).not.toContain('sk-backend');
  });

  it('answers /admin only on loopback, and never with a key', async () => {
    expect((await from('10.0.0.7').request('/admin/config')).status).toBe(403);
    expect((await from(undefined).request('/admin/config')).status).toBe(403);
    const res = await from('::1').request('/admin/config');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/sk-backend|client-key/);
    expect(JSON.parse(text).server.client_keys).toBe(1);
  });
});
