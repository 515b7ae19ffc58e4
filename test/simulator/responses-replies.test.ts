import { describe, expect, it } from 'vitest';
import { createSimulatedBackend } from '../../src/simulator/simulated-backend.ts';
import { capturedBody, dataOf, parseSse, post } from './sim-support.ts';

const GREETING = 'Hello from the n backend, answering as model gpt-5-codex.';
const native = () => createSimulatedBackend({ name: 'n', chunkDelayMs: 0, speaks: ['chat', 'responses'] });

/** The event order openai-node's stream helpers and Codex read for a one-message text answer. */
const TEXT_SEQUENCE = [
  'response.created',
  'response.in_progress',
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
  'response.completed',
];

describe('Responses API, native', () => {
  it('answers a completed response object with the text, naming the model it was sent', async () => {
    const res = await post(native(), '/v1/responses', { model: 'gpt-5-codex', input: 'say hi', instructions: 'Be brief.' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-5-codex', instructions: 'Be brief.', error: null });
    expect(body.id).toMatch(/^resp_/);
    expect(body.output).toEqual([{ id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: GREETING, annotations: [], logprobs: [] }] }]);
    expect(body.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: 9, total_tokens: body.usage.input_tokens + 9 });
  });

  it('streams the full event sequence with sequence numbers from 0, for Codex\'s own request', async () => {
    const codex = capturedBody('codex-exec-text.json');
    expect(codex.stream).toBe(true);
    const res = await post(native(), '/v1/responses', codex);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await res.text());
    const data = dataOf(events);
    expect(events.map((e) => e.event)).toEqual(data.map((d) => d.type));
    expect([...new Set(data.map((d) => d.type))]).toEqual(TEXT_SEQUENCE);
    expect(data.map((d) => d.sequence_number)).toEqual(data.map((_, i) => i));
    const deltas = data.filter((d) => d.type === 'response.output_text.delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.delta).join('')).toBe(GREETING);
  });

  it('keeps ids and texts consistent from created to completed', async () => {
    const data = dataOf(parseSse(await (await post(native(), '/v1/responses', { model: 'gpt-5-codex', input: 'hi', stream: true })).text()));
    const byType = (type: string) => data.find((d) => d.type === type)!;
    const created = byType('response.created').response;
    const completed = byType('response.completed').response;
    expect(created).toMatchObject({ status: 'in_progress', output: [], usage: null });
    expect(completed.id).toBe(created.id);
    expect(completed).toMatchObject({ status: 'completed', output: [{ type: 'message', content: [{ text: GREETING }] }] });
    expect(completed.usage.output_tokens).toBe(9);
    const itemId = byType('response.output_item.added').item.id;
    expect(completed.output[0].id).toBe(itemId);
    for (const d of data.filter((x) => 'item_id' in x)) expect(d).toMatchObject({ item_id: itemId, output_index: 0, content_index: 0 });
    expect(byType('response.output_text.done').text).toBe(GREETING);
    expect(byType('response.content_part.done').part).toEqual({ type: 'output_text', text: GREETING, annotations: [], logprobs: [] });
  });

  it('answers 404 in OpenAI\'s shape when the backend speaks chat only, counting no request', async () => {
    const backend = createSimulatedBackend({ name: 'c' });
    const res = await post(backend, '/v1/responses', { model: 'm', input: 'hi' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { message: 'c has no POST /v1/responses', type: 'invalid_request_error', param: null, code: null } });
    expect(backend.requests).toBe(0);
  });
});
