import { describe, expect, it } from 'vitest';
import { createSimulatedBackend } from '../../src/simulator/simulated-backend.ts';
import { post } from './sim-support.ts';

const say = { model: 'm', messages: [{ role: 'user', content: 'say hi' }] };
const get = (backend: ReturnType<typeof createSimulatedBackend>, path: string) => backend.fetch(new Request(`http://sim.test${path}`));

describe('createSimulatedBackend', () => {
  it('lists its one model', async () => {
    const res = await get(createSimulatedBackend({ name: 'a' }), '/v1/models');
    expect(await res.json()).toEqual({ object: 'list', data: [{ id: 'a-model', object: 'model', created: 0, owned_by: 'a' }] });
  });

  it('answers 404 in OpenAI\'s shape for a path or method it does not know', async () => {
    const backend = createSimulatedBackend({ name: 'a', speaks: ['chat', 'responses', 'messages'] });
    for (const [method, path] of [['POST', '/v1/embeddings'], ['GET', '/v1/chat/completions'], ['GET', '/v1/responses'], ['POST', '/v1/responses/compact']] as const) {
      const res = await backend.fetch(new Request(`http://sim.test${path}`, { method, body: method === 'POST' ? '{}' : undefined }));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { message: `a has no ${method} ${path}`, type: 'invalid_request_error', param: null, code: null } });
    }
    expect(backend.requests).toBe(0);
  });

  it('speaks chat completions only by default, and not at all when told not to', async () => {
    const chatOnly = createSimulatedBackend({ name: 'a' });
    expect((await post(chatOnly, '/v1/chat/completions', say)).status).toBe(200);
    expect((await post(chatOnly, '/v1/messages', say)).status).toBe(404);
    const messagesOnly = createSimulatedBackend({ name: 'b', speaks: ['messages'] });
    const res = await post(messagesOnly, '/v1/chat/completions', say);
    expect(res.status).toBe(404);
    expect((await res.json()).error.type).toBe('invalid_request_error');
    expect((await post(messagesOnly, '/v1/messages', say)).status).toBe(200);
  });

  it('fails every Nth completion request with 503 and retry-after, counting them all', async () => {
    const backend = createSimulatedBackend({ name: 'fast', failEvery: 3, chunkDelayMs: 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await post(backend, '/v1/chat/completions', say);
      statuses.push(res.status);
      if (res.status === 503) {
        expect(res.headers.get('retry-after')).toBe('1');
        expect(await res.json()).toEqual({ error: { message: 'fast is overloaded (simulated: every request number 3, 6, … fails)', type: 'api_error', param: null, code: null } });
      } else await res.text();
    }
    expect(statuses).toEqual([200, 200, 503, 200, 200, 503]);
    expect(backend.requests).toBe(6);
  });

  it('counts Responses and Messages requests with chat ones, and fails Messages as Anthropic does (529)', async () => {
    const backend = createSimulatedBackend({ name: 'x', failEvery: 2, chunkDelayMs: 0, speaks: ['chat', 'responses', 'messages'] });
    expect((await post(backend, '/v1/responses', { model: 'm', input: 'hi' })).status).toBe(200);
    const failed = await post(backend, '/v1/messages', say);
    expect(failed.status).toBe(529);
    expect(await failed.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'x is overloaded (simulated: every request number 2, 4, … fails)' } });
    expect((await post(backend, '/v1/messages/count_tokens', say)).status).toBe(200);
    expect((await post(backend, '/v1/chat/completions', say)).status).toBe(200);
    expect((await post(backend, '/v1/responses', { model: 'm', input: 'hi' })).status).toBe(503);
    expect(backend.requests).toBe(4);
  });

  it('answers a body that is not JSON as a request naming no model', async () => {
    const backend = createSimulatedBackend({ name: 'a' });
    const res = await backend.fetch(new Request('http://sim.test/v1/chat/completions', { method: 'POST', body: 'not json' }));
    expect((await res.json()).choices[0].message.content).toBe('Hello from the a backend, answering as model unset.');
  });

  it('gives each answer its own id', async () => {
    const backend = createSimulatedBackend({ name: 'a' });
    const first = await (await post(backend, '/v1/chat/completions', say)).json();
    const second = await (await post(backend, '/v1/chat/completions', say)).json();
    expect(first.id).not.toBe(second.id);
  });
});
