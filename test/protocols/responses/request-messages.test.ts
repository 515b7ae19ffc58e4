import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { responsesToChat, type ResponsesContext } from '../../../src/protocols/responses/request.ts';
import { TranslationError } from '../../../src/protocols/responses/errors.ts';
import { ResponseStore } from '../../../src/protocols/responses/store.ts';
import { chatToResponse } from '../../../src/protocols/responses/response.ts';

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'));
const messages = (input: unknown[], ctx: ResponsesContext = { reasoning: false }) => responsesToChat({ model: 'm', input }, ctx).chat.messages;
const refusal = (body: unknown, ctx: ResponsesContext = { reasoning: false }) => {
  try {
    responsesToChat(body, ctx);
  } catch (error) {
    if (error instanceof TranslationError) return { param: error.param, message: error.message, code: error.code };
    throw error;
  }
  throw new Error('expected a TranslationError');
};

describe('input items → chat messages', () => {
  it('sends images as image_url parts and text-only content as one string', () => {
    const input = [
      { role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a' }, { type: 'input_text', text: 'b' }] },
    ];
    expect(messages(input)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'high' } }] },
      { role: 'user', content: 'a\n\nb' },
    ]);
  });

  it('refuses images and files by file id, and unknown part types, naming the part', () => {
    expect(refusal({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] })).toMatchObject({ param: 'input[0].content[0].file_id' });
    expect(refusal({ input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }] })).toMatchObject({ param: 'input[0].content[0].file_id' });
    expect(refusal({ input: [{ role: 'user', content: 'x' }, { role: 'user', content: [{ type: 'input_video' }] }] })).toMatchObject({
      param: 'input[1].content[0].type',
      message: 'input[1].content[0].type "input_video" is not supported',
    });
    expect(refusal({ input: [{ role: 'developer', content: [{ type: 'input_image', image_url: 'x' }] }] })).toMatchObject({ param: 'input[0].content[0].type' });
  });

  it('keeps assistant text and refusals, and joins the message items of one turn', () => {
    const input = [
      { role: 'user', content: 'hi' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looking.', annotations: [] }] },
      { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot.' }] },
    ];
    expect(messages(input)[1]).toEqual({ role: 'assistant', content: 'Looking.\n\nI cannot.' });
  });

  it('turns consecutive function calls into one assistant message, outputs into tool messages', () => {
    const input = [
      { role: 'user', content: 'weather in Paris and Rome?' },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
      { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'rain' }] },
    ];
    expect(messages(input).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: 'rain' },
    ]);
  });

  it('attaches a text message and the calls that follow it in one assistant message', () => {
    const input = [
      { role: 'assistant', content: 'Let me check.' },
      { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
    ];
    expect(messages(input)).toEqual([{ role: 'assistant', content: 'Let me check.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }]);
  });

  it('moves images a tool returned into a user message after the tool messages', () => {
    const input = [
      { type: 'function_call', call_id: 'c1', name: 'view_image', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_image', image_url: 'data:image/png;base64,AA' }] },
      { role: 'user', content: 'and?' },
    ];
    expect(messages(input).slice(1)).toEqual([
      { role: 'tool', tool_call_id: 'c1', content: '(the tool returned the attachments below)' },
      { role: 'user', content: [{ type: 'text', text: 'Attachments returned by tool call c1:' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }] },
      { role: 'user', content: 'and?' },
    ]);
  });

  it('drops reasoning unless the backend takes reasoning_content, then sets it on every assistant message', () => {
    const input = [
      { role: 'user', content: 'q' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'think' }] },
      { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'ok' },
      { role: 'assistant', content: 'done' },
    ];
    expect(messages(input)[1]).not.toHaveProperty('reasoning_content');
    const replayed = messages(input, { reasoning: true });
    expect(replayed[1]).toMatchObject({ role: 'assistant', reasoning_content: 'think' });
    expect(replayed[3]).toEqual({ role: 'assistant', content: 'done', reasoning_content: '' });
    expect(messages(input, { reasoning: true, replayReasoning: false })[1]).not.toHaveProperty('reasoning_content');
  });

  it('drops calls of hosted tools, and refuses items that cannot be translated', () => {
    const t = responsesToChat({ input: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }, { role: 'user', content: 'x' }] }, { reasoning: false });
    expect(t.chat.messages).toEqual([{ role: 'user', content: 'x' }]);
    expect(t.notes).toContain("dropped web_search_call items (run by OpenAI's hosted tools)");
    expect(refusal({ input: [{ type: 'compaction', encrypted_content: 'x' }] })).toMatchObject({ param: 'input[0].type' });
    expect(refusal({ input: [{ type: 'function_call', name: 'f', arguments: '{}' }] })).toMatchObject({ param: 'input[0].call_id' });
  });
});

describe('conversation state', () => {
  it('resolves an AI SDK item_reference to the reasoning item of a stored response', () => {
    const store = new ResponseStore();
    const first = responsesToChat({ model: 'gpt-5-mini', input: [{ role: 'user', content: 'Weather in Paris?' }] }, { reasoning: true });
    const answer = chatToResponse(
      { choices: [{ message: { role: 'assistant', reasoning_content: 'Need the weather.', tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] }, finish_reason: 'tool_calls' }] },
      first.answer,
      { id: 'resp_a1' },
    );
    store.put(answer, first.input);
    const body = fixture('ai-sdk-6-step2.json');
    const rs = answer.output[0]!.id;
    (body.input as Array<Record<string, unknown>>)[2]!.id = rs; // the SDK refers to the id the gateway gave it
    const t = responsesToChat(body, { reasoning: true, lookupItem: (id) => store.item(id) });
    expect(t.chat.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, reasoning_content: 'Need the weather.', tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_w1', content: '{"city":"Paris","sky":"sunny"}' },
    ]);
  });

  it('refuses an item_reference the gateway does not know, naming the id', () => {
    const body = fixture('ai-sdk-6-step2.json');
    expect(refusal(body, { reasoning: false, lookupItem: () => undefined })).toMatchObject({ param: 'input[2].id', code: 'item_not_found', message: expect.stringContaining('"rs_a1"') });
  });

  it('prepends the input and output of the previous response', () => {
    const store = new ResponseStore();
    const first = responsesToChat({ model: 'm', instructions: 'Old rules.', input: 'Tell me a joke' }, { reasoning: false });
    const answer = chatToResponse({ choices: [{ message: { role: 'assistant', content: 'Why did the chicken…' }, finish_reason: 'stop' }] }, first.answer);
    store.put(answer, first.input);
    const t = responsesToChat({ model: 'm', previous_response_id: answer.id, input: [{ role: 'user', content: 'Another' }] }, { reasoning: false, lookupResponse: (id) => store.response(id) });
    expect(t.chat.messages).toEqual([
      { role: 'user', content: 'Tell me a joke' },
      { role: 'assistant', content: 'Why did the chicken…' },
      { role: 'user', content: 'Another' },
    ]);
    expect(t.input).toHaveLength(3);
    expect(t.answer.echo.previous_response_id).toBe(answer.id);
  });

  it('refuses an unknown previous_response_id, naming it', () => {
    expect(refusal({ input: 'x', previous_response_id: 'resp_gone' }, { reasoning: false, lookupResponse: () => undefined })).toMatchObject({
      param: 'previous_response_id',
      code: 'previous_response_not_found',
      message: expect.stringContaining('"resp_gone"'),
    });
  });

  it('reads the AI SDK request for the next turn, assistant text included', () => {
    const store = new ResponseStore();
    store.put(chatToResponse({ choices: [{ message: { content: 'x' } }] }, responsesToChat({ input: 'x' }, { reasoning: false }).answer), [{ type: 'reasoning', id: 'rs_a1', summary: [] }]);
    const t = responsesToChat(fixture('ai-sdk-6-turn2.json'), { reasoning: false, lookupItem: (id) => store.item(id) });
    expect(t.chat.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
    expect(t.chat.messages[4]).toEqual({ role: 'assistant', content: 'It is sunny in Paris.' });
  });
});
