import { describe, expect, it } from 'vitest';
import { argumentFragments } from '../../src/simulator/chat-replies.ts';
import { createSimulatedBackend } from '../../src/simulator/simulated-backend.ts';
import { dataOf, parseSse, post } from './sim-support.ts';

const GREETING = 'Hello from the a backend, answering as model sim-fast.';
const weatherSchema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { type: 'string' } }, required: ['city', 'days'] };
const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weatherSchema } }];
const askForTool = { model: 'sim-fast', tools, messages: [{ role: 'user', content: 'What is the weather? Use the tool.' }] };

const backend = () => createSimulatedBackend({ name: 'a', chunkDelayMs: 0 });
const chat = (body: unknown) => post(backend(), '/v1/chat/completions', body);
const streamed = async (body: Record<string, unknown>) => {
  const res = await chat({ ...body, stream: true });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  return parseSse(await res.text());
};

describe('chat completions, streamed', () => {
  it('opens with a role chunk, then the text, a stop chunk and [DONE]', async () => {
    const events = await streamed({ model: 'sim-fast', messages: [{ role: 'user', content: 'say hi' }] });
    const chunks = dataOf(events);
    expect(chunks[0]!.choices).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
    expect(chunks.slice(1, -1).map((c) => c.choices[0].delta.content).join('')).toBe(GREETING);
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'sim-fast' && c.id === chunks[0]!.id)).toBe(true);
    expect(events.at(-1)!.data).toBe('[DONE]');
    expect(chunks.some((c) => 'usage' in c)).toBe(false);
  });

  it('sends usage in a last chunk with no choices, before [DONE], when include_usage asks', async () => {
    const events = await streamed({ model: 'sim-fast', stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'say hi' }] });
    const chunks = dataOf(events);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(last.usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: contentChunks.length, total_tokens: last.usage.prompt_tokens + contentChunks.length });
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('stop');
    expect(events.at(-1)!.data).toBe('[DONE]');
  });

  it('streams a tool call as real providers do: id and name first, then the arguments in fragments', async () => {
    const chunks = dataOf(await streamed(askForTool));
    expect(chunks[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const toolDeltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '' } });
    const fragments = toolDeltas.slice(1);
    expect(fragments.length).toBeGreaterThanOrEqual(2);
    expect(fragments.length).toBeLessThanOrEqual(3);
    for (const f of fragments) expect(Object.keys(f).sort()).toEqual(['function', 'index']);
    expect(JSON.parse(fragments.map((f) => f.function.arguments).join(''))).toEqual({ city: 'sim', days: 1 });
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'tool_calls' });
  });

  it('answers the tool result with its length, streamed', async () => {
    const messages = [
      ...askForTool.messages,
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_a_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"sim","days":1}' } }] },
      { role: 'tool', tool_call_id: 'call_a_1', content: 'Sunny, 21 °C' },
    ];
    const chunks = dataOf(await streamed({ model: 'sim-fast', tools, messages }));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Got 12 characters from the tool.');
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('stop');
  });
});

describe('chat completions, not streamed', () => {
  it('answers the text with usage and finish_reason stop', async () => {
    const res = await chat({ model: 'sim-fast', messages: [{ role: 'user', content: 'say hi' }] });
    const body = await res.json();
    expect(body).toMatchObject({ object: 'chat.completion', model: 'sim-fast', choices: [{ index: 0, message: { role: 'assistant', content: GREETING }, finish_reason: 'stop' }] });
    expect(body.usage.completion_tokens).toBe(GREETING.split(' ').length);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('answers a tool call in message.tool_calls with finish_reason tool_calls', async () => {
    const body = await (await chat(askForTool)).json();
    expect(body.choices[0]).toMatchObject({
      message: { role: 'assistant', content: null, tool_calls: [{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"sim","days":1}' } }] },
      finish_reason: 'tool_calls',
    });
    expect(body.usage).toBeDefined();
  });

  it('grows prompt_tokens with the prompt', async () => {
    const short = await (await chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).json();
    const long = await (await chat({ model: 'm', messages: [{ role: 'user', content: 'hi '.repeat(400) }] })).json();
    expect(long.usage.prompt_tokens).toBeGreaterThan(short.usage.prompt_tokens + 250);
  });
});

describe('legacy text completions', () => {
  it('answers JSON with text and usage', async () => {
    const body = await (await post(backend(), '/v1/completions', { model: 'sim-fast', prompt: 'hi' })).json();
    expect(body).toMatchObject({ object: 'text_completion', choices: [{ index: 0, text: GREETING, finish_reason: 'stop' }], usage: { completion_tokens: 9 } });
  });

  it('streams text pieces, a stop choice, usage when asked and [DONE]', async () => {
    const res = await post(backend(), '/v1/completions', { model: 'sim-fast', prompt: 'hi', stream: true, stream_options: { include_usage: true } });
    const events = parseSse(await res.text());
    const chunks = dataOf(events);
    expect(chunks.map((c) => c.choices[0]?.text ?? '').join('')).toBe(GREETING);
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 9 } });
    expect(events.at(-1)!.data).toBe('[DONE]');
  });
});

describe('argumentFragments', () => {
  it('cuts arguments into 2 or 3 pieces that join back', () => {
    expect(argumentFragments('{}')).toEqual(['{', '}']);
    const args = '{"city":"sim","days":1}';
    expect(argumentFragments(args)).toHaveLength(3);
    expect(argumentFragments(args).join('')).toBe(args);
  });
});
