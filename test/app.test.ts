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
