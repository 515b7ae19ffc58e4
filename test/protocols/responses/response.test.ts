import { describe, expect, it } from 'vitest';
import { responsesToChat } from '../../../src/protocols/responses/request.ts';
import { chatToResponse } from '../../../src/protocols/responses/response.ts';

const tools = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } },
  { type: 'custom', name: 'apply_patch' },
  { type: 'namespace', name: 'agents', description: 'Sub-agents', tools: [{ type: 'function', name: 'close_agent', parameters: { type: 'object' } }] },
];
const { answer } = responsesToChat({ model: 'gpt-5', instructions: 'Be brief.', input: 'hi', tools, temperature: 0.5, store: true }, { reasoning: true });
const completion = (message: object, finish_reason = 'stop', extra: object = {}) => ({
  id: 'chatcmpl-9',
  object: 'chat.completion',
  created: 1700000000,
  model: 'deepseek-reasoner',
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason }],
  usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 6 } },
  ...extra,
});

describe('chatToResponse', () => {
  it('builds the response object with the echoed request fields and mapped usage', () => {
    const r = chatToResponse(completion({ content: 'Hello!' }), answer, { id: 'resp_1' });
    expect(r).toMatchObject({
      id: 'resp_1',
      object: 'response',
      created_at: 1700000000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'deepseek-reasoner',
      instructions: 'Be brief.',
      temperature: 0.5,
      top_p: null,
      parallel_tool_calls: true,
      tool_choice: 'auto',
      store: true,
      text: { format: { type: 'text' } },
      tools,
    });
    expect(r.output).toEqual([{ id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello!', annotations: [], logprobs: [] }] }]);
    expect(r.usage).toEqual({ input_tokens: 20, input_tokens_details: { cached_tokens: 4 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 6 }, total_tokens: 30 });
    expect(r).not.toHaveProperty('output_text'); // the SDKs compute it themselves
  });

  it('puts reasoning first, then the text, then function, custom and namespaced calls', () => {
    const r = chatToResponse(
      completion(
        {
          content: 'On it.',
          reasoning_content: 'The user wants weather.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } },
            { id: 'call_2', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' } },
            { id: 'call_3', type: 'function', function: { name: 'agents__close_agent', arguments: '{"target":"a"}' } },
          ],
        },
        'tool_calls',
      ),
      answer,
    );
    expect(r.output.map((o) => o.type)).toEqual(['reasoning', 'message', 'function_call', 'custom_tool_call', 'function_call']);
    expect(r.output[0]).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [{ type: 'summary_text', text: 'The user wants weather.' }] });
    expect(r.output[2]).toEqual({ id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 'call_1', name: 'get_weather', arguments: '{}' });
    expect(r.output[3]).toEqual({ id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' });
    expect(r.output[4]).toMatchObject({ type: 'function_call', name: 'close_agent', namespace: 'agents', call_id: 'call_3' });
  });

  it('reads OpenRouter-style reasoning and answers a call-only turn without a message', () => {
    const r = chatToResponse(completion({ content: null, reasoning: 'hmm', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] }, 'tool_calls'), answer);
    expect(r.output.map((o) => o.type)).toEqual(['reasoning', 'function_call']);
  });

  it('marks a response cut by the token limit incomplete', () => {
    const r = chatToResponse(completion({ content: 'Once upon' }, 'length'), answer);
    expect(r).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(r.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
    expect(chatToResponse(completion({ content: '' }, 'content_filter'), answer).incomplete_details).toEqual({ reason: 'content_filter' });
  });

  it('answers an empty completion with an empty message and zero usage', () => {
    const r = chatToResponse({ choices: [{ message: { role: 'assistant', content: null }, finish_reason: 'stop' }] }, answer, { now: () => 5000 });
    expect(r.created_at).toBe(5);
    expect(r.model).toBe('gpt-5');
    expect(r.output).toMatchObject([{ type: 'message', content: [{ type: 'output_text', text: '' }] }]);
    expect(r.usage).toMatchObject({ input_tokens: 0, output_tokens: 0, total_tokens: 0 });
  });

  it('maps a legacy function_call and DeepSeek cache counts', () => {
    const r = chatToResponse(completion({ content: null, function_call: { name: 'get_weather', arguments: '{}' } }, 'function_call', { usage: { prompt_tokens: 9, completion_tokens: 1, prompt_cache_hit_tokens: 8 } }), answer);
    expect(r.output).toMatchObject([{ type: 'function_call', name: 'get_weather', call_id: expect.stringMatching(/^call_/) }]);
    expect(r.usage).toMatchObject({ input_tokens_details: { cached_tokens: 8 }, total_tokens: 10 });
  });
});
