import { describe, expect, it } from 'vitest';
import { MessagesStreamWriter } from '../../../src/protocols/messages/stream-writer.ts';
import type { MessagesStreamEvent } from '../../../src/protocols/messages/types.ts';
import { replay } from './replay.ts';

const reply = { model: 'claude-opus-4-8', stopSequences: [] as string[] };

/** A chat.completion.chunk as OpenAI's streaming docs show it. */
function chunk(delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) {
  return { id: 'chatcmpl-123', object: 'chat.completion.chunk', created: 1694268190, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish, ...extra }] };
}
const usageChunk = (usage: Record<string, unknown>) => ({ id: 'chatcmpl-123', object: 'chat.completion.chunk', choices: [], usage });
const call = (index: number, fields: { id?: string; name?: string; args?: string }) => ({
  tool_calls: [{ index, ...(fields.id ? { id: fields.id, type: 'function' } : {}), function: { ...(fields.name !== undefined ? { name: fields.name } : {}), ...(fields.args !== undefined ? { arguments: fields.args } : {}) } }],
});

function run(chunks: unknown[], options = reply): { events: MessagesStreamEvent[]; writer: MessagesStreamWriter } {
  const writer = new MessagesStreamWriter(options);
  const events = chunks.flatMap((c) => writer.push(c));
  return { events: [...events, ...writer.finish()], writer };
}
const types = (events: MessagesStreamEvent[]) => events.map((e) => (e.type === 'content_block_delta' ? e.delta.type : e.type));

describe('MessagesStreamWriter', () => {
  it('streams text as message_start, one text block, message_delta with usage and message_stop', () => {
    const writer = new MessagesStreamWriter(reply);
    expect(writer.push(chunk({ role: 'assistant', content: '' }))).toEqual([]);
    const first = writer.push(chunk({ content: 'Hel' }));
    expect(first[0]).toMatchObject({ type: 'message_start', message: { type: 'message', role: 'assistant', model: 'claude-opus-4-8', content: [], stop_reason: null, usage: { input_tokens: 0, output_tokens: 0 } } });
    expect(first.slice(1)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
    ]);
    expect(writer.push(chunk({ content: 'lo' }))).toEqual([{ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } }]);
    expect(writer.push(chunk({}, 'stop'))).toEqual([{ type: 'content_block_stop', index: 0 }]);
    expect(writer.push(usageChunk({ prompt_tokens: 120, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 100 } }))).toEqual([]);
    expect(writer.finish()).toEqual([
      { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { input_tokens: 20, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 } },
      { type: 'message_stop' },
    ]);
    expect(writer.message).toMatchObject({ content: [{ type: 'text', text: 'Hello' }], stop_reason: 'end_turn', usage: { input_tokens: 20, output_tokens: 7 } });
  });

  it('closes the thinking block (with its empty signature) before reasoning turns into tool calls', () => {
    const { events } = run([
      chunk({ role: 'assistant', content: null, reasoning_content: '' }),
      chunk({ reasoning_content: 'The user wants ' }),
      chunk({ reasoning_content: 'the weather.' }),
      chunk(call(0, { id: 'call_00_x', name: 'get_weather', args: '' })),
      chunk(call(0, { args: '{"location":' })),
      chunk(call(0, { args: '"Paris"}' })),
      chunk({}, 'tool_calls'),
    ]);
    expect(types(events)).toEqual([
      'message_start', 'content_block_start', 'thinking_delta', 'thinking_delta', 'signature_delta', 'content_block_stop',
      'content_block_start', 'input_json_delta', 'input_json_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    const result = replay(events);
    expect(result.content).toEqual([
      { type: 'thinking', thinking: 'The user wants the weather.', signature: '' },
      { type: 'tool_use', id: expect.stringMatching(/^toolu_[A-Za-z0-9]{24}$/), name: 'get_weather', input: { location: 'Paris' } },
    ]);
    expect(result.stopReason).toBe('tool_use');
  });

  it('gives parallel tool calls (chat index 0, 1, 2) a block each, in order', () => {
    const result = replay(run([
      chunk({ role: 'assistant', content: null }),
      chunk(call(0, { id: 'call_a', name: 'Read', args: '' })),
      chunk(call(0, { args: '{"file_path":"a.ts"}' })),
      chunk(call(1, { id: 'call_b', name: 'Read', args: '' })),
      chunk(call(1, { args: '{"file_path":"b.ts"}' })),
      chunk(call(2, { id: 'call_c', name: 'Glob', args: '{"pattern":"*.md"}' })),
      chunk({}, 'tool_calls'),
    ]).events);
    expect(result.content.map((b) => [b.name, b.input])).toEqual([['Read', { file_path: 'a.ts' }], ['Read', { file_path: 'b.ts' }], ['Glob', { pattern: '*.md' }]]);
    expect(new Set(result.content.map((b) => b.id)).size).toBe(3);
  });

  it('keeps interleaved argument fragments of parallel calls out of closed blocks', () => {
    const result = replay(run([
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'Read', arguments: '' } }, { index: 1, id: 'call_b', type: 'function', function: { name: 'Bash', arguments: '' } }] }),
      chunk(call(0, { args: '{"file_path":' })),
      chunk(call(1, { args: '{"command":' })),
      chunk(call(0, { args: '"a.ts"}' })),
      chunk(call(1, { args: '"ls"}' })),
      chunk({}, 'tool_calls'),
    ]).events);
    expect(result.content.map((b) => [b.name, b.input])).toEqual([['Read', { file_path: 'a.ts' }], ['Bash', { command: 'ls' }]]);
  });

  it('starts with a tool call when the very first chunk is one', () => {
    const writer = new MessagesStreamWriter(reply);
    const events = writer.push(chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }] }));
    expect(events.map((e) => e.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(events[1]).toMatchObject({ index: 0, content_block: { type: 'tool_use', name: 'Bash', input: {} } });
    expect(events[2]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"command":"ls"}' } });
  });

  it('holds a tool block whose first delta has an empty name until the name arrives', () => {
    const writer = new MessagesStreamWriter(reply);
    expect(writer.push(chunk(call(0, { id: 'call_1', name: '', args: '' })))).toEqual([]);
    expect(writer.push(chunk(call(0, { args: '{"pattern":' })))).toEqual([]);
    const events = writer.push(chunk(call(0, { name: 'Glob', args: '"*.ts"}' })));
    expect(events.map((e) => e.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
    expect(events[1]).toMatchObject({ content_block: { type: 'tool_use', name: 'Glob' } });
    expect(events[2]).toMatchObject({ delta: { partial_json: '{"pattern":"*.ts"}' } });
    const result = replay([...events, ...writer.push(chunk({}, 'tool_calls')), ...writer.finish()]);
    expect(result.content[0]).toMatchObject({ name: 'Glob', input: { pattern: '*.ts' } });
  });

  it('closes the text block before a tool call that follows it', () => {
    const { events } = run([
      chunk({ content: 'Let me look.' }),
      chunk(call(0, { id: 'call_1', name: 'Read', args: '{"file_path":"x"}' })),
      chunk({}, 'tool_calls'),
    ]);
    expect(events.filter((e) => e.type === 'content_block_start' || e.type === 'content_block_stop').map((e) => `${e.type}:${'index' in e ? e.index : ''}`))
      .toEqual(['content_block_start:0', 'content_block_stop:0', 'content_block_start:1', 'content_block_stop:1']);
    expect(replay(events).content).toMatchObject([{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', name: 'Read' }]);
  });

  it('sends arguments that arrive in one piece as one input_json_delta', () => {
    const { events } = run([chunk(call(0, { id: 'call_1', name: 'Bash', args: '{"command":"npm test"}' }), 'tool_calls')]);
    expect(events.filter((e) => e.type === 'content_block_delta')).toEqual([{ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"command":"npm test"}' } }]);
    expect(replay(events).stopReason).toBe('tool_use');
  });

  it('tells a new call that reuses index 0 from a fragment of the first', () => {
    const result = replay(run([
      chunk(call(0, { id: 'call_a', name: 'Read', args: '{"file_path":"a"}' })),
      chunk(call(0, { id: 'call_b', name: 'Read', args: '{"file_path":"b"}' })),
      chunk({}, 'tool_calls'),
    ]).events);
    expect(result.content.map((b) => b.input)).toEqual([{ file_path: 'a' }, { file_path: 'b' }]);
  });

  it('maps vLLM and OpenRouter reasoning fields, text after reasoning, and cached usage', () => {
    const result = replay(run([
      chunk({ reasoning: 'hmm' }),
      chunk({ content: 'Yes.' }),
      chunk({}, 'stop'),
      usageChunk({ prompt_tokens: 50, completion_tokens: 9, prompt_cache_hit_tokens: 30, completion_tokens_details: { reasoning_tokens: 4 } }),
    ]).events);
    expect(result.content).toEqual([{ type: 'thinking', thinking: 'hmm', signature: '' }, { type: 'text', text: 'Yes.' }]);
    expect(result.usage).toMatchObject({ input_tokens: 20, output_tokens: 9, cache_read_input_tokens: 30, output_tokens_details: { thinking_tokens: 4 } });
  });

  it('maps finish reasons: length, content_filter, function_call, and stop with tool calls', () => {
    const stop = (chunks: unknown[]) => replay(run(chunks).events).stopReason;
    expect(stop([chunk({ content: 'a' }), chunk({}, 'length')])).toBe('max_tokens');
    expect(stop([chunk({ content: 'a' }), chunk({}, 'content_filter')])).toBe('refusal');
    expect(stop([chunk(call(0, { id: 'c', name: 'f', args: '{}' })), chunk({}, 'function_call')])).toBe('tool_use');
    expect(stop([chunk(call(0, { id: 'c', name: 'f', args: '{}' })), chunk({}, 'stop')])).toBe('tool_use');
    expect(stop([chunk({ content: 'a' })])).toBe('end_turn');
  });

  it('reports the stop sequence vLLM names, and end_turn where the backend says nothing', () => {
    const stops = { model: 'm', stopSequences: ['\n\nHuman:', 'END'] };
    const named = replay(run([chunk({ content: 'a' }), chunk({}, 'stop', { stop_reason: 'END' })], stops).events);
    expect([named.stopReason, named.stopSequence]).toEqual(['stop_sequence', 'END']);
    const kept = replay(run([chunk({ content: 'done END' }), chunk({}, 'stop')], stops).events);
    expect([kept.stopReason, kept.stopSequence]).toEqual(['stop_sequence', 'END']);
    const silent = replay(run([chunk({ content: 'done' }), chunk({}, 'stop')], stops).events);
    expect([silent.stopReason, silent.stopSequence]).toEqual(['end_turn', null]);
  });

  it('turns an OpenAI refusal into text with stop_reason refusal', () => {
    const result = replay(run([chunk({ refusal: "I can't help with that." }), chunk({}, 'stop')]).events);
    expect(result.content).toEqual([{ type: 'text', text: "I can't help with that." }]);
    expect(result.stopReason).toBe('refusal');
  });

  it('fails with only the in-band error event: no block stop, no message_stop', () => {
    const writer = new MessagesStreamWriter(reply);
    const events = [...writer.push(chunk(call(0, { id: 'c', name: 'Bash', args: '{"command":"rm -rf bu' })))];
    const failed = writer.fail('The backend stopped answering', 'overloaded_error');
    expect(failed).toEqual([{ type: 'error', error: { type: 'overloaded_error', message: 'The backend stopped answering' } }]);
    expect(writer.finish()).toEqual([]);
    expect(writer.push(chunk({ content: 'more' }))).toEqual([]);
    const result = replay([...events, ...failed]);
    expect(result).toMatchObject({ stopped: false, error: { type: 'overloaded_error' } });
  });

  it('ends an empty answer with message_start, message_delta and message_stop', () => {
    const { events } = run([chunk({ role: 'assistant', content: '' }), chunk({}, 'stop')]);
    expect(types(events)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('ignores what is not a chunk and choices other than the first', () => {
    const writer = new MessagesStreamWriter(reply);
    expect(writer.push(null)).toEqual([]);
    expect(writer.push({ choices: 'x' })).toEqual([]);
    expect(writer.push({ choices: [{ index: 1, delta: { content: 'other' } }] })).toEqual([]);
    expect(writer.push({ error: { message: 'boom' } })).toEqual([]);
  });
});
