// POST /v1/responses through createApp: translated onto chat completions for chat-only
// backends, passed through (model forced) to backends that speak it.
import { describe, expect, it } from 'vitest';
import { A, B, policyApp, readAll } from '../support/policy-app.ts';
import { DONE, chunk, reply, role, sse } from '../support/scripted-fetch.ts';

const post = (app: ReturnType<typeof policyApp>['app'], body: Record<string, unknown>) =>
  app.request('/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'ab', ...body }) });
const chatAnswer = (content: string) => ({ id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });
const eventsOf = (text: string) =>
  text
    .split('\n\n')
    .filter((e) => e.includes('data: '))
    .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)) as { type: string; sequence_number: number; delta?: string; response?: { status: string } });

describe('POST /v1/responses', () => {
  it('translates onto chat completions for a chat-only backend, with the forced model, and answers as a response', async () => {
    const { app, upstream } = policyApp('[backends.a.models]\nab = "forced-a"\n');
    upstream.script(A, reply(200, chatAnswer('Hi there')));
    const res = await post(app, { instructions: 'Be brief.', input: 'Hello' });
    expect(res.status).toBe(200);
    const sent = upstream.callsTo(A)[0]!;
    expect(sent.url).toBe(`${A}/v1/chat/completions`);
    expect(JSON.parse(sent.body)).toMatchObject({ model: 'forced-a', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] });
    const body = (await res.json()) as { object: string; status: string; output: Array<{ type: string; content: Array<{ text: string }> }>; usage: { input_tokens: number } };
    expect(body).toMatchObject({ object: 'response', status: 'completed', usage: { input_tokens: 5, output_tokens: 2 } });
    expect(body.output[0]!.content[0]!.text).toBe('Hi there');
  });

  it('streams a faithful Responses event sequence from a chat stream, ending in response.completed', async () => {
    const { app, time, upstream } = policyApp();
    upstream.script(A, sse([role, chunk('Hel'), chunk('lo'), chunk('', 'stop'), DONE]));
    const res = await post(app, { input: 'Hi', stream: true });
    const events = eventsOf(await readAll(res, time));
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(JSON.parse(upstream.callsTo(A)[0]!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('fails over before the first content, and reports a cut after it as response.failed, never as completed', async () => {
    const { app, time, upstream } = policyApp();
    upstream.script(A, reply(503, { error: { message: 'busy' } }));
    upstream.script(B, sse([chunk('partial')], 'cut'));
    const res = await post(app, { input: 'Hi', stream: true });
    expect(res.headers.get('x-understudy-attempts')).toBe('a:503,b:200');
    const types = eventsOf(await readAll(res, time)).map((e) => e.type);
    expect(types).toContain('response.output_text.delta');
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(types).not.toContain('response.completed');
  });

  it('passes a call through to a backend that speaks Responses, model forced, and ends cleanly on response.completed', async () => {
    const frame = (data: Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
    const frames = [
      frame({ type: 'response.created', sequence_number: 0, response: { id: 'r', status: 'in_progress' } }),
      frame({ type: 'response.output_text.delta', sequence_number: 1, delta: 'Hi' }),
      frame({ type: 'response.output_text.done', sequence_number: 2, text: 'Hi' }),
      frame({ type: 'response.completed', sequence_number: 3, response: { id: 'r', status: 'completed' } }),
    ];
    const { app, time, upstream } = policyApp('', {}, { a: 'api = ["chat", "responses"]\nmodel = "native-model"\n' });
    upstream.script(A, sse(frames));
    const res = await post(app, { input: 'Hi', stream: true });
    expect(await readAll(res, time)).toBe(frames.join(''));
    const sent = upstream.callsTo(A)[0]!;
    expect(sent.url).toBe(`${A}/v1/responses`);
    expect(JSON.parse(sent.body).model).toBe('native-model');
  });

  it('refuses a call it cannot translate with a 400 naming the field, and calls no backend', async () => {
    const { app, upstream } = policyApp();
    const res = await post(app, { input: 'Hi', background: true });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('background');
    expect(upstream.calls).toHaveLength(0);
  });

  it('answers a WebSocket upgrade at once with 426, so Codex falls back to HTTPS', async () => {
    const { app, upstream } = policyApp();
    const res = await app.request('/v1/responses', { headers: { upgrade: 'websocket', connection: 'Upgrade' } });
    expect(res.status).toBe(426);
    expect(upstream.calls).toHaveLength(0);
  });
});


describe('model forcing on every endpoint that names one', () => {
  it('logs the model asked for and the model sent', async () => {
    const { app, upstream, lines } = policyApp('', {}, { a: 'model = "forced-a"\n' });
    upstream.script(A, reply(200, chatAnswer('ok')));
    await post(app, { model: 'gpt-5-codex', input: 'Hi' });
    expect(lines.join('\n')).toMatch(/POST \/v1\/responses model=gpt-5-codex alias=ab attempts=a:200 → a 200 sent=forced-a first-byte=/);
  });

  it("forces a backend's embedding_model on embeddings, and sends them only to backends that set one", async () => {
    const { app, upstream } = policyApp('', {}, { b: 'embedding_model = "embed-b"\n' });
    upstream.script(B, reply(200, { object: 'list', data: [] }));
    const res = await app.request('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"text-embedding-3-small","input":"x"}' });
    expect(res.headers.get('x-understudy-attempts')).toBe('b:200');
    expect(upstream.callsTo(A)).toHaveLength(0);
    expect(JSON.parse(upstream.callsTo(B)[0]!.body)).toEqual({ model: 'embed-b', input: 'x' });
  });

  it('passes the client\'s embedding model through when no backend sets one', async () => {
    const { app, upstream } = policyApp('', {}, { a: 'model = "chat-model"\n' });
    upstream.script(A, reply(200, { object: 'list', data: [] }));
    await app.request('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"text-embedding-3-small","input":"x"}' });
    expect(JSON.parse(upstream.callsTo(A)[0]!.body).model).toBe('text-embedding-3-small');
  });
});

describe('POST /v1/responses/compact', () => {
  it('passes through to a backend that speaks Responses, skipping the chat-only ones', async () => {
    const { app, upstream } = policyApp('', {}, { b: 'api = ["chat", "responses"]\n' });
    upstream.script(B, reply(200, { id: 'cmp', object: 'response.compaction', output: [] }));
    const res = await app.request('/v1/responses/compact', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"ab","input":[]}' });
    expect(res.status).toBe(200);
    expect(upstream.callsTo(A)).toHaveLength(0);
    expect(upstream.callsTo(B)[0]!.url).toBe(`${B}/v1/responses/compact`);
  });

  it('answers 501 in OpenAI\'s shape when no backend of the chain speaks Responses', async () => {
    const { app, upstream } = policyApp();
    const res = await app.request('/v1/responses/compact', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"ab","input":[]}' });
    expect(res.status).toBe(501);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_endpoint');
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('POST /v1/responses: verified resume', () => {
  it('resumes a cut translated stream on the next backend: one response, numbered in order, completed once', async () => {
    const { app, time, upstream } = policyApp('[streaming]\nresume = true\n');
    upstream.script(A, sse([role, chunk('Hello'), chunk(' wor')], 'cut'));
    upstream.script(B, sse([role, chunk('Hel'), chunk('lo wo'), chunk('rld', 'stop'), DONE]));
    const events = eventsOf(await readAll(await post(app, { input: 'Hi', stream: true }), time));
    expect(events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta).join('')).toBe('Hello world');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.filter((e) => e.type === 'response.created')).toHaveLength(1);
    expect(events.at(-1)!.type).toBe('response.completed');
  });
});

describe('POST /v1/responses: failing over between providers that speak it', () => {
  it("sends the fallback the call without the primary's encrypted reasoning, which it could not decrypt", async () => {
    const { app, upstream } = policyApp('', {}, { a: 'api = ["chat", "responses"]\n', b: 'api = ["chat", "responses"]\n' });
    upstream.script(A, reply(503, { error: { message: 'busy' } }));
    upstream.script(B, reply(200, { id: 'r', object: 'response', status: 'completed', output: [] }));
    const input = [
      { type: 'message', role: 'user', content: 'Hi' },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'gAAAA-opaque' },
      { type: 'message', role: 'user', content: 'Go on' },
    ];
    const res = await post(app, { input, include: ['reasoning.encrypted_content'], store: false });
    expect(res.headers.get('x-understudy-attempts')).toBe('a:503,b:200');
    expect(JSON.parse(upstream.callsTo(A)[0]!.body)).toMatchObject({ input, include: ['reasoning.encrypted_content'] }); // the primary gets it all
    const fallback = JSON.parse(upstream.callsTo(B)[0]!.body);
    expect(fallback.input).toEqual([input[0], input[2]]);
    expect(fallback.include).toEqual([]);
  });

  it("echoes the client's tools in a whole answer and in each response a stream carries", async () => {
    const { app, time, upstream } = policyApp();
    const tools = [{ type: 'function', name: 'f', parameters: { type: 'object', properties: { n: { type: 'number', maximum: 1.5 } } }, strict: false }];
    upstream.script(A, reply(200, chatAnswer('ok')));
    expect((await (await post(app, { input: 'Hi', tools })).json()).tools).toEqual(tools);
    upstream.script(A, sse([role, chunk('ok'), chunk('', 'stop'), DONE]));
    const events = eventsOf(await readAll(await post(app, { input: 'Hi', tools, stream: true }), time)).filter((e) => e.response);
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
    for (const event of events) expect((event.response as unknown as { tools: unknown }).tools).toEqual(tools);
  });

  it('translates each distinct tool list on its own, however often lists repeat', async () => {
    const { app, upstream } = policyApp();
    const tool = (name: string) => ({ type: 'function', name, parameters: { type: 'object', properties: {} } });
    const lists = [[tool('a')], [tool('b')], [tool('a'), tool('b')], [tool('a')]];
    for (const tools of lists) {
      upstream.script(A, reply(200, chatAnswer('ok')));
      const res = await post(app, { input: 'Hi', tools });
      expect(res.status).toBe(200);
      expect((await res.json()).tools).toEqual(tools);
      const sent = JSON.parse(upstream.callsTo(A).at(-1)!.body);
      expect(sent.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(tools.map((t) => t.name));
    }
    // allowed_tools narrows the list: not the whole list's translation, even when it was seen before
    upstream.script(A, reply(200, chatAnswer('ok')));
    await post(app, { input: 'Hi', tools: lists[2], tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'b' }] } });
    expect(JSON.parse(upstream.callsTo(A).at(-1)!.body).tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['b']);
  });

  it("passes a translated call's error on as an error, even when the backend labels it an event stream", async () => {
    const { app, time, upstream } = policyApp();
    const error = { error: { message: 'bad tool schema', type: 'invalid_request_error', param: 'tools', code: null } };
    upstream.script(A, reply(400, error, { 'content-type': 'text/event-stream' }));
    const res = await post(app, { input: 'Hi', stream: true });
    expect(res.status).toBe(400);
    expect(JSON.parse(await readAll(res, time))).toEqual(error);
  });
});
