import { describe, expect, it } from 'vitest';
import { createSimulatedBackend } from '../../src/simulator/simulated-backend.ts';
import { capturedBody, dataOf, parseSse, post } from './sim-support.ts';

const GREETING = 'Hello from the n backend, answering as model claude-opus-5-5.';
const native = () => createSimulatedBackend({ name: 'n', chunkDelayMs: 0, speaks: ['messages'] });

describe('Anthropic Messages, native', () => {
  it('answers a message with one text block, end_turn and usage', async () => {
    const res = await post(native(), '/v1/messages', { model: 'claude-opus-5-5', max_tokens: 1024, messages: [{ role: 'user', content: 'say hi' }] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-opus-5-5', content: [{ type: 'text', text: GREETING }], stop_reason: 'end_turn', stop_sequence: null });
    expect(body.id).toMatch(/^msg_/);
    expect(body.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: 9 });
  });

  it('streams message_start, a ping, one text block, message_delta and message_stop, for Claude Code\'s own request', async () => {
    const claude = capturedBody('claude-code-print-text.json');
    expect(claude.stream).toBe(true);
    const res = await post(native(), '/v1/messages?beta=true', claude);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await res.text());
    const data = dataOf(events);
    expect(events.map((e) => e.event)).toEqual(data.map((d) => d.type));
    const deltas = data.filter((d) => d.type === 'content_block_delta');
    expect(data.map((d) => d.type)).toEqual(['message_start', 'ping', 'content_block_start', ...deltas.map(() => 'content_block_delta'), 'content_block_stop', 'message_delta', 'message_stop']);
    expect(data[0]!.message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-opus-5-5', content: [], stop_reason: null });
    expect(data[2]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    for (const d of deltas) expect(d).toMatchObject({ index: 0, delta: { type: 'text_delta' } });
    expect(deltas.map((d) => d.delta.text).join('')).toBe(GREETING);
    expect(data.at(-3)).toEqual({ type: 'content_block_stop', index: 0 });
    expect(data.at(-2)).toEqual({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: deltas.length } });
  });

  it('counts tokens roughly, more for a longer prompt, counting no completion request', async () => {
    const backend = native();
    const count = async (text: string) => (await (await post(backend, '/v1/messages/count_tokens', { model: 'm', messages: [{ role: 'user', content: text }] })).json()) as { input_tokens: number };
    const short = await count('hi');
    const long = await count('x'.repeat(4000));
    expect(Object.keys(short)).toEqual(['input_tokens']);
    expect(short.input_tokens).toBeGreaterThan(0);
    expect(long.input_tokens).toBeGreaterThanOrEqual(1000);
    expect(backend.requests).toBe(0);
  });

  it('answers 404 in Anthropic\'s shape when the backend does not speak Messages', async () => {
    const backend = createSimulatedBackend({ name: 'c', speaks: ['chat', 'responses'] });
    for (const path of ['/v1/messages?beta=true', '/v1/messages/count_tokens']) {
      const res = await post(backend, path, { model: 'm', messages: [] });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ type: 'error', error: { type: 'not_found_error', message: `c has no POST ${path.split('?')[0]}` } });
    }
  });
});
