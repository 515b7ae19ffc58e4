import { describe, expect, it } from 'vitest';
import { chatToMessage, parseArguments } from '../../../src/protocols/messages/response.ts';

const reply = { model: 'claude-haiku-4-5', stopSequences: [] as string[] };

/** A chat completion as OpenAI's API reference shows it, with a tool call. */
const completion = {
  id: 'chatcmpl-abc123',
  object: 'chat.completion',
  created: 1699896916,
  model: 'gpt-4o-mini',
  choices: [{
    index: 0,
    message: {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' } }],
    },
    logprobs: null,
    finish_reason: 'tool_calls',
  }],
  usage: { prompt_tokens: 82, completion_tokens: 17, total_tokens: 99, prompt_tokens_details: { cached_tokens: 64 } },
};

describe('chatToMessage', () => {
  it('builds a message with the client’s model, a toolu_ id per call and usage without cached tokens', () => {
    const message = chatToMessage(completion, reply);
    expect(message).toEqual({
      id: expect.stringMatching(/^msg_[A-Za-z0-9]{24}$/),
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [{ type: 'tool_use', id: expect.stringMatching(/^toolu_[A-Za-z0-9]{24}$/), name: 'get_current_weather', input: { location: 'Boston, MA' } }],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 18, output_tokens: 17, cache_creation_input_tokens: 0, cache_read_input_tokens: 64 },
    });
  });

  it('puts reasoning first as an unsigned thinking block, then the text', () => {
    const message = chatToMessage({ choices: [{ message: { role: 'assistant', content: 'Nine.', reasoning_content: 'Count them.' }, finish_reason: 'stop' }] }, reply);
    expect(message.content).toEqual([{ type: 'thinking', thinking: 'Count them.', signature: '' }, { type: 'text', text: 'Nine.' }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
  });

  it('maps length to max_tokens, content_filter and a refusal to refusal', () => {
    expect(chatToMessage({ choices: [{ message: { content: 'cut' }, finish_reason: 'length' }] }, reply).stop_reason).toBe('max_tokens');
    expect(chatToMessage({ choices: [{ message: { content: '' }, finish_reason: 'content_filter' }] }, reply).stop_reason).toBe('refusal');
    const refused = chatToMessage({ choices: [{ message: { content: null, refusal: "I'm sorry, I can't help." }, finish_reason: 'stop' }] }, reply);
    expect([refused.content, refused.stop_reason]).toEqual([[{ type: 'text', text: "I'm sorry, I can't help." }], 'refusal']);
  });

  it('reports a stop sequence vLLM names or the text ends with', () => {
    const stops = { model: 'm', stopSequences: ['###'] };
    const named = chatToMessage({ choices: [{ message: { content: 'a' }, finish_reason: 'stop', stop_reason: '###' }] }, stops);
    expect([named.stop_reason, named.stop_sequence]).toEqual(['stop_sequence', '###']);
    const plain = chatToMessage({ choices: [{ message: { content: 'a' }, finish_reason: 'stop' }] }, stops);
    expect([plain.stop_reason, plain.stop_sequence]).toEqual(['end_turn', null]);
  });

  it('gives an empty content list for an empty answer, and throws for one without choices', () => {
    expect(chatToMessage({ choices: [{ message: { content: '' }, finish_reason: 'stop' }] }, reply).content).toEqual([]);
    expect(() => chatToMessage({ error: { message: 'x' } }, reply)).toThrow(TypeError);
  });
});

describe('parseArguments', () => {
  it('reads a JSON object, and makes {} of anything else rather than crash', () => {
    expect(parseArguments('{"a":1}')).toEqual({ a: 1 });
    expect(parseArguments('')).toEqual({});
    expect(parseArguments('{"a":')).toEqual({});
    expect(parseArguments('[1,2]')).toEqual({});
    expect(parseArguments({ already: 'parsed' })).toEqual({ already: 'parsed' });
  });
});
