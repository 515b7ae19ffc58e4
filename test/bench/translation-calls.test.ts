import { describe, expect, it } from 'vitest';
import { bodyOf, wrongAnswer, wrongStream } from '../../bench/translation-calls.ts';

const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const responsesStream = (deltas: number, end = 'response.completed') =>
  event('response.created', { sequence_number: 0, response: { status: 'in_progress', error: null } }) +
  Array.from({ length: deltas }, (_, i) => event('response.output_text.delta', { sequence_number: i + 1, delta: `t${i} ` })).join('') +
  event(end, { sequence_number: deltas + 1, response: { status: end === 'response.completed' ? 'completed' : 'failed', error: null } });

describe('the translation step’s calls', () => {
  it('sends a Responses call in the Responses shape: instructions, input items, top-level function tools', () => {
    const body = JSON.parse(bodyOf('responses', false));
    expect(body.instructions).toBeTypeOf('string');
    expect(body.input).toEqual([{ role: 'user', content: expect.any(String) }]);
    expect(body.tools.map((t: { type: string; name: string }) => [t.type, t.name])).toEqual([['function', 'get_weather'], ['function', 'get_local_time']]);
    expect(body.stream).toBeUndefined();
  });

  it('sends a Messages call with system, max_tokens and input_schema tools', () => {
    const body = JSON.parse(bodyOf('messages', true));
    expect(body).toMatchObject({ max_tokens: 1024, system: expect.any(String), stream: true });
    expect(body.tools[0]).toEqual({ name: 'get_weather', description: expect.any(String), input_schema: expect.objectContaining({ type: 'object' }) });
  });

  it('asks for usage on streamed chat, as the translations do, so the mock sends each the same stream', () => {
    expect(JSON.parse(bodyOf('chat', true))).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});

describe('wrongStream', () => {
  it('passes a clean Responses stream whose response carries "error":null', () => {
    expect(wrongStream('responses', 200, responsesStream(3), 3)).toBeUndefined();
  });

  it('names a stream that ends in response.failed', () => {
    expect(wrongStream('responses', 200, responsesStream(3, 'response.failed'), 3)).toBe('responses stream: an in-band error');
  });

  it('names a stream with the wrong count of content deltas', () => {
    expect(wrongStream('responses', 200, responsesStream(2), 3)).toBe('responses stream: 2 content deltas, not 3');
  });

  it('names a Messages stream cut before message_stop', () => {
    const cut = event('message_start', { message: {} }) + event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'hi' } });
    expect(wrongStream('messages', 200, cut, 1)).toBe('messages stream: no clean end');
  });
});

describe('wrongAnswer', () => {
  it('names a call answered with an error status', () => {
    expect(wrongAnswer('messages', 400, '{"type":"error"}')).toBe('messages: answered 400');
  });

  it('names what a whole answer lacks', () => {
    expect(wrongAnswer('responses', 200, '{"object":"response","status":"incomplete"}')).toBe('responses: the answer lacks "status":"completed"');
  });
});
