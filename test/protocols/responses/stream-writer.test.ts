import { describe, expect, it } from 'vitest';
import { responsesToChat } from '../../../src/protocols/responses/request.ts';
import { ResponsesStreamWriter } from '../../../src/protocols/responses/stream-writer.ts';
import type { ResponsesEvent } from '../../../src/protocols/responses/types.ts';

const tools = [
  { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
];
const { answer } = responsesToChat({ model: 'gpt-5', input: 'hi', tools, stream: true }, { reasoning: true });
const chunk = (delta: object, finish_reason: string | null = null) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'deepseek-chat', choices: [{ index: 0, delta, finish_reason }] });
const usage = { id: 'chatcmpl-1', choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, completion_tokens_details: { reasoning_tokens: 3 } } };

function run(chunks: object[], end: 'finish' | 'fail' = 'finish') {
  const writer = new ResponsesStreamWriter(answer, { id: 'resp_test' });
  const events = chunks.flatMap((c) => writer.push(c));
  events.push(...(end === 'finish' ? writer.finish() : writer.fail('The upstream stream was cut', 'upstream_incomplete')));
  return { events, writer, types: events.map((e) => e.type) };
}

/** Rebuilds the output from the events with the checks openai-node's ResponseStream makes. */
function replay(events: ResponsesEvent[]) {
  const output: Array<Record<string, unknown>> = [];
  events.forEach((e, i) => {
    expect(e.sequence_number).toBe(i);
    const index = e.output_index as number;
    if (e.type === 'response.output_item.added') {
      expect(index).toBe(output.length);
      output.push(structuredClone(e.item) as Record<string, unknown>);
    } else if (index !== undefined) {
      const item = output[index]!;
      if (e.item_id !== undefined) expect(e.item_id).toBe(item.id);
      if (e.type === 'response.output_item.done') output[index] = e.item as Record<string, unknown>;
      if (e.type === 'response.function_call_arguments.delta') item.arguments = `${item.arguments as string}${e.delta as string}`;
      if (e.type === 'response.content_part.added') expect(e.content_index).toBe((item.content as unknown[]).length), (item.content as unknown[]).push(e.part);
    }
  });
  return output;
}

describe('ResponsesStreamWriter', () => {
  it('streams a text answer in the API event order and completes with usage', () => {
    const { events, types, writer } = run([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({}, 'stop'), usage]);
    expect(types).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.delta', 'response.output_text.done', 'response.content_part.done',
      'response.output_item.done', 'response.completed',
    ]);
    expect(events[4]).toEqual({ type: 'response.output_text.delta', sequence_number: 4, item_id: events[2]!.item && (events[2]!.item as { id: string }).id, output_index: 0, content_index: 0, delta: 'Hel', logprobs: [] });
    expect(events[6]).toMatchObject({ text: 'Hello', logprobs: [] });
    const done = events.at(-1)!.response as Record<string, unknown>;
    expect(done).toMatchObject({ id: 'resp_test', object: 'response', status: 'completed', model: 'deepseek-chat', created_at: 1700000000 });
    expect(done.usage).toEqual({ input_tokens: 11, input_tokens_details: { cached_tokens: 0 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 18 });
    expect(done.output).toEqual([{ id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }] }]);
    expect(writer.response).toBe(done);
    expect(replay(events)).toEqual(done.output);
  });

  it('sends reasoning as a summary item, then the tool calls after it', () => {
    const { events, types } = run([
      chunk({ role: 'assistant', reasoning_content: 'Need ' }),
      chunk({ reasoning_content: 'weather.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(types.slice(2, 9)).toEqual([
      'response.output_item.added', 'response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta', 'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done', 'response.reasoning_summary_part.done', 'response.output_item.done',
    ]);
    const output = replay(events);
    expect(output.map((o) => o.type)).toEqual(['reasoning', 'function_call']);
    expect(output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'Need weather.' }] });
    expect(output[1]).toMatchObject({ call_id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed', id: expect.stringMatching(/^fc_/) });
    expect(events.find((e) => e.type === 'response.function_call_arguments.done')).toMatchObject({ output_index: 1, name: 'get_weather', arguments: '{"city":"Paris"}' });
  });

  it('gives parallel tool calls their own output items and indices', () => {
    const { events } = run([
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events[2]).toMatchObject({ type: 'response.output_item.added', output_index: 0, item: { type: 'function_call', call_id: 'call_1', arguments: '', status: 'in_progress' } });
    expect(replay(events).map((o) => [o.call_id, o.arguments])).toEqual([['call_1', '{"city":"Paris"}'], ['call_2', '{"city":"Rome"}']]);
  });

  it('starts with a tool call as the very first chunk, arguments in one piece', () => {
    const { events, types } = run([chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] }), chunk({}, 'tool_calls')]);
    expect(types).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.function_call_arguments.delta',
      'response.function_call_arguments.done', 'response.output_item.done', 'response.completed',
    ]);
    expect(events[3]).toMatchObject({ output_index: 0, delta: '{"city":"Oslo"}' });
  });

  it('waits for the name when the first tool delta has an empty one', () => {
    const { events } = run([
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: '', arguments: '{"ci' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'get_weather', arguments: 'ty":"Lima"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(events[2]).toMatchObject({ type: 'response.output_item.added', item: { name: 'get_weather', call_id: 'call_1' } });
    expect(replay(events)[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"Lima"}' });
  });

  it('closes the text before a tool call that follows it', () => {
    const { events } = run([chunk({ content: 'Checking.' }), chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] }), chunk({}, 'tool_calls')]);
    const doneMessage = events.findIndex((e) => e.type === 'response.output_item.done');
    const addedCall = events.findIndex((e) => e.type === 'response.output_item.added' && (e.item as { type: string }).type === 'function_call');
    expect(doneMessage).toBeLessThan(addedCall);
    expect(replay(events).map((o) => o.type)).toEqual(['message', 'function_call']);
  });

  it('answers a custom tool with a custom_tool_call carrying the raw input', () => {
    const patch = '*** Begin Patch\n*** End Patch\n';
    const { events } = run([chunk({ tool_calls: [{ index: 0, id: 'call_p', type: 'function', function: { name: 'apply_patch', arguments: JSON.stringify({ input: patch }) } }] }), chunk({}, 'tool_calls')]);
    expect(events.map((e) => e.type).slice(2, 6)).toEqual(['response.output_item.added', 'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done', 'response.output_item.done']);
    expect(events[5]!.item).toEqual({ id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 'call_p', name: 'apply_patch', input: patch });
  });

  it('tells apart parallel calls a backend sends under one index', () => {
    const { events } = run([
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"A"}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"B"}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(replay(events).map((o) => [o.call_id, o.arguments])).toEqual([['call_1', '{"city":"A"}'], ['call_2', '{"city":"B"}']]);
  });

  it('ends with response.incomplete when the backend ran out of tokens', () => {
    const { events } = run([chunk({ content: 'Once upon' }), chunk({}, 'length')]);
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    expect(events.at(-2)).toMatchObject({ type: 'response.output_item.done', item: { status: 'incomplete' } });
  });

  it('fails with an error event and response.failed, leaving an open call unfinished', () => {
    const { events, types } = run([chunk({ content: 'Hi' }), chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } }] })], 'fail');
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(types.filter((t) => t === 'response.output_item.done')).toHaveLength(1); // the message only
    expect(events.at(-2)).toMatchObject({ code: 'upstream_incomplete', message: 'The upstream stream was cut', param: null, error: { code: 'upstream_incomplete', message: 'The upstream stream was cut' } });
    expect(events.at(-1)!.response).toMatchObject({ status: 'failed', error: { code: 'upstream_incomplete', message: 'The upstream stream was cut' } });
    expect(types).not.toContain('response.completed');
  });

  it('sends nothing after it has ended', () => {
    const writer = new ResponsesStreamWriter(answer);
    writer.push(chunk({ content: 'x' }));
    expect(writer.finish().at(-1)!.type).toBe('response.completed');
    expect(writer.push(chunk({ content: 'y' }))).toEqual([]);
    expect(writer.fail('late', 'x')).toEqual([]);
    expect(writer.finish()).toEqual([]);
  });

  it('completes an empty answer with the lifecycle frames only', () => {
    expect(run([]).types).toEqual(['response.created', 'response.in_progress', 'response.completed']);
  });
});

describe('ResponsesStreamWriter.response', () => {
  it('can be read before the first push without losing the lifecycle frames', () => {
    const writer = new ResponsesStreamWriter(answer, { id: 'resp_early' });
    expect(writer.response).toMatchObject({ id: 'resp_early', status: 'in_progress', output: [] });
    const events = writer.push(chunk({ content: 'x' }));
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(events[0]!.response).toMatchObject({ id: 'resp_early', model: 'deepseek-chat' });
  });
});
