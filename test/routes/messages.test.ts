// POST /v1/messages through createApp: translated onto chat completions for chat-only
// backends, passed through (model forced, Anthropic auth) to backends that speak it.
import { describe, expect, it } from 'vitest';
import { A, B, policyApp, readAll } from '../support/policy-app.ts';
import { DONE, chunk, reply, role, sse } from '../support/scripted-fetch.ts';

type App = ReturnType<typeof policyApp>['app'];
const post = (app: App, body: Record<string, unknown>, headers: Record<string, string> = {}, path = '/v1/messages?beta=true') =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers }, body: JSON.stringify({ model: 'ab', max_tokens: 100, ...body }) });
const hi = { messages: [{ role: 'user', content: 'Hello' }] };
const chatAnswer = (content: string) => ({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 } });
const eventsOf = (text: string) =>
  text
    .split('\n\n')
    .filter((e) => e.includes('data: '))
    .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 6)) as { type: string; index?: number; delta?: { type?: string; text?: string; stop_reason?: string } });

describe('POST /v1/messages', () => {
  it('translates onto chat completions for a chat-only backend and answers a message, in Anthropic\'s shape', async () => {
    const { app, upstream } = policyApp('', {}, { a: 'model = "deepseek-chat"\n' });
    upstream.script(A, reply(200, chatAnswer('Hi!')));
    const res = await post(app, { system: 'Be brief.', ...hi }, { 'anthropic-beta': 'claude-code-20250219' });
    expect(res.status).toBe(200);
    const sent = upstream.callsTo(A)[0]!;
    expect(sent.url).toBe(`${A}/v1/chat/completions`);
    expect(JSON.parse(sent.body)).toMatchObject({ model: 'deepseek-chat', max_tokens: 100, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] });
    expect(await res.json()).toMatchObject({ type: 'message', role: 'assistant', model: 'ab', content: [{ type: 'text', text: 'Hi!' }], stop_reason: 'end_turn', usage: { input_tokens: 9, output_tokens: 2 } });
  });

  it("sends each tool's input_schema on as the chat tool's parameters", async () => {
    const { app, upstream } = policyApp();
    upstream.script(A, reply(200, chatAnswer('ok')));
    const schema = '{ "type":"object", "properties":{"n":{"type":"number","maximum":1.0e3}}}';
    const body = `{"model":"ab","max_tokens":100,"messages":[{"role":"user","content":"Hi"}],"tools":[{"name":"f","description":"d","input_schema":${schema}}]}`;
    const res = await app.request('/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    const sent = upstream.callsTo(A)[0]!.body;
    expect(JSON.parse(sent).tools).toEqual([{ type: 'function', function: { name: 'f', description: 'd', parameters: JSON.parse(schema) } }]);
  });

  it('streams a faithful Messages event sequence from a chat stream, with a ping and message_stop', async () => {
    const { app, time, upstream } = policyApp();
    upstream.script(A, sse([role, chunk('Hel'), chunk('lo', 'stop'), DONE]));
    const events = eventsOf(await readAll(await post(app, { ...hi, stream: true }), time));
    expect(events.map((e) => e.type)).toEqual(['message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(events.at(-2)!.delta!.stop_reason).toBe('end_turn');
  });

  it('fails over on 529 overloaded_error before any content, and reports a cut after content as an error event, never message_stop', async () => {
    const { app, time, upstream } = policyApp('', {}, { a: 'api = ["messages"]\n' });
    upstream.script(A, reply(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    upstream.script(B, sse([chunk('partial')], 'cut'));
    const res = await post(app, { ...hi, stream: true });
    expect(res.headers.get('x-understudy-attempts')).toBe('a:529,b:200');
    const types = eventsOf(await readAll(res, time)).map((e) => e.type);
    expect(types.at(-1)).toBe('error');
    expect(types).not.toContain('message_stop');
  });

  it("keeps the client's anthropic headers from a chat backend the call is translated for, and sends the backend's configured headers as set", async () => {
    const { app, upstream } = policyApp('', {}, { a: 'api_key = "sk-chat"\nheaders = { "x-team" = "blue", "anthropic-version" = "set-by-operator" }\n' });
    upstream.script(A, reply(200, chatAnswer('Hi!')));
    const res = await post(app, hi, { 'anthropic-beta': 'claude-code-20250219', 'x-client-note': 'kept' });
    expect(res.status).toBe(200);
    const headers = upstream.headersOf(upstream.callsTo(A)[0]!);
    expect(headers).toMatchObject({ authorization: 'Bearer sk-chat', 'content-type': 'application/json', 'x-client-note': 'kept', 'x-team': 'blue', 'anthropic-version': 'set-by-operator' });
    expect(headers['anthropic-beta']).toBeUndefined();
  });

  it("passes through to a backend that speaks Messages: model forced, the key as x-api-key, the client's anthropic headers kept", async () => {
    const { app, upstream } = policyApp('', {}, { a: 'api = ["messages"]\nmodel = "claude-opus-4-8"\napi_key = "sk-ant-backend"\n' });
    upstream.script(A, reply(200, { type: 'message', content: [] }));
    const body = { ...hi, cache_control: { type: 'ephemeral' } };
    await post(app, body, { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-api-key': 'client-key' });
    const sent = upstream.callsTo(A)[0]!;
    expect(sent.url).toBe(`${A}/v1/messages?beta=true`);
    expect(JSON.parse(sent.body)).toEqual({ model: 'claude-opus-4-8', max_tokens: 100, ...body });
    const headers = upstream.headersOf(sent);
    expect(headers).toMatchObject({ 'x-api-key': 'sk-ant-backend', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14' });
    expect(headers.authorization).toBeUndefined();
  });

  it("answers every backend failing in Anthropic's error shape, with the first failure's status", async () => {
    const { app, upstream } = policyApp();
    upstream.script(A, reply(503, { error: { message: 'a is down', type: 'server_error' } }));
    upstream.script(B, reply(500, { error: { message: 'b is down' } }));
    const res = await post(app, hi);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'a is down' } });
  });

  it("refuses a malformed body with a 400 in Anthropic's shape, and calls no backend", async () => {
    const { app, upstream } = policyApp();
    const res = await post(app, { messages: 'not a list' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('POST /v1/messages/count_tokens', () => {
  it('estimates with a tokenizer when no backend speaks Messages: never a fake zero', async () => {
    const { app, upstream } = policyApp();
    const res = await post(app, { messages: [{ role: 'user', content: 'The quick brown fox jumps over the lazy dog. '.repeat(20) }] }, {}, '/v1/messages/count_tokens');
    expect(res.status).toBe(200);
    const { input_tokens } = (await res.json()) as { input_tokens: number };
    expect(input_tokens).toBeGreaterThan(150);
    expect(input_tokens).toBeLessThan(400);
    expect(upstream.calls).toHaveLength(0);
  });

  it('passes through to a backend that speaks Messages', async () => {
    const { app, upstream } = policyApp('', {}, { b: 'api = ["messages"]\n' });
    upstream.script(B, reply(200, { input_tokens: 42 }));
    const res = await post(app, hi, {}, '/v1/messages/count_tokens');
    expect(await res.json()).toEqual({ input_tokens: 42 });
    expect(upstream.callsTo(B)[0]!.url).toBe(`${B}/v1/messages/count_tokens`);
  });
});

describe('Claude Code\'s first contact', () => {
  it('answers HEAD / with 200', async () => {
    const { app } = policyApp();
    expect((await app.request('/', { method: 'HEAD' })).status).toBe(200);
  });
});

describe('POST /v1/messages: verified resume', () => {
  const toolCall = `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } }] }, finish_reason: null }] })}\n\n`;

  it('resumes a cut translated text stream on the next backend: one message, its text whole, ended once', async () => {
    const { app, time, upstream } = policyApp('[streaming]\nresume = true\n');
    upstream.script(A, sse([role, chunk('Hello'), chunk(' wor')], 'cut'));
    upstream.script(B, sse([role, chunk('Hel'), chunk('lo wo'), chunk('rld', 'stop'), DONE]));
    const events = eventsOf(await readAll(await post(app, { ...hi, stream: true }), time));
    expect(events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta!.text).join('')).toBe('Hello world');
    expect(events.filter((e) => e.type === 'message_start')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'content_block_start')).toHaveLength(1);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(events.at(-2)!.delta!.stop_reason).toBe('end_turn');
  });

  it('never resumes once a tool call has started: the cut is an error event, and no other backend is asked', async () => {
    const { app, time, upstream } = policyApp('[streaming]\nresume = true\n');
    upstream.script(A, sse([role, toolCall], 'cut'));
    upstream.script(B, sse([chunk('x', 'stop'), DONE]));
    const types = eventsOf(await readAll(await post(app, { ...hi, stream: true, tools: [{ name: 'f', input_schema: { type: 'object' } }] }), time)).map((e) => e.type);
    expect(types).toContain('content_block_start');
    expect(types.at(-1)).toBe('error');
    expect(types).not.toContain('message_stop');
    expect(upstream.callsTo(B)).toHaveLength(0);
  });
});
