import { describe, expect, it } from 'vitest';
import { classifyMessagesEvent, encodeMessagesEvent, messagesTextOf, pingEvent } from '../../../src/protocols/messages/events.ts';

/** The event stream of Anthropic's streaming docs (a text answer), as parsed data. */
const docStream = [
  { type: 'message_start', message: { id: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY', type: 'message', role: 'assistant', content: [], model: 'claude-opus-4-8', stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, output_tokens: 1 } } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '!' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } },
  { type: 'message_stop' },
];

describe('classifyMessagesEvent', () => {
  it('counts deltas as content and lifecycle frames as empty; message_stop completes', () => {
    expect(docStream.map((e) => classifyMessagesEvent(e))).toEqual([
      { kind: 'empty', complete: false },
      { kind: 'empty', complete: false },
      { kind: 'empty', complete: false },
      { kind: 'content', complete: false },
      { kind: 'content', complete: false },
      { kind: 'empty', complete: false },
      { kind: 'empty', complete: false },
      { kind: 'empty', complete: true },
    ]);
  });

  it('counts a starting tool call, server tool call or non-empty block as content', () => {
    const start = (content_block: unknown) => classifyMessagesEvent({ type: 'content_block_start', index: 0, content_block }).kind;
    expect(start({ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} })).toBe('content');
    expect(start({ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} })).toBe('content');
    expect(start({ type: 'text', text: 'Hi' })).toBe('content');
    expect(start({ type: 'thinking', thinking: '', signature: '' })).toBe('empty');
    expect(classifyMessagesEvent({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'x' } }).kind).toBe('content');
    expect(classifyMessagesEvent({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } }).kind).toBe('content');
  });

  it('recognises the in-band error and malformed data', () => {
    expect(classifyMessagesEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toEqual({ kind: 'error', complete: false });
    expect(classifyMessagesEvent('data')).toEqual({ kind: 'malformed', complete: false });
    expect(classifyMessagesEvent({ index: 0 })).toEqual({ kind: 'malformed', complete: false });
    expect(classifyMessagesEvent({ type: 'some_future_event' }).kind).toBe('empty');
  });
});

describe('messagesTextOf', () => {
  it('gives the text of text deltas and starts, nothing for reasoning or tool input', () => {
    expect(messagesTextOf(docStream[3])).toBe('Hello');
    expect(messagesTextOf({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Hi' } })).toBe('Hi');
    expect(messagesTextOf({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'x' } })).toBeUndefined();
    expect(messagesTextOf({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{' } })).toBeUndefined();
    expect(messagesTextOf(docStream[0])).toBeUndefined();
  });
});

describe('encodeMessagesEvent', () => {
  it('writes event and data lines as the Messages API does, and pings', () => {
    const text = new TextDecoder().decode(encodeMessagesEvent({ type: 'content_block_stop', index: 0 }));
    expect(text).toBe('event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n');
    expect(new TextDecoder().decode(encodeMessagesEvent(pingEvent()))).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });
});
