import { describe, expect, it } from 'vitest';
import { classifyResponsesEvent, encodeResponsesEvent, encodeResponsesEvents, responsesFailureEvents, responsesTextOf } from '../../../src/protocols/responses/events.ts';

const classify = (data: object) => classifyResponsesEvent(data);

describe('classifyResponsesEvent', () => {
  it('counts deltas and calls starting as content', () => {
    for (const type of ['response.output_text.delta', 'response.reasoning_summary_text.delta', 'response.reasoning_text.delta', 'response.function_call_arguments.delta', 'response.custom_tool_call_input.delta', 'response.refusal.delta']) {
      expect(classify({ type, delta: 'x' })).toEqual({ kind: 'content', complete: false });
    }
    expect(classify({ type: 'response.output_item.added', item: { type: 'function_call', name: 'f', arguments: '' } }).kind).toBe('content');
    expect(classify({ type: 'response.output_item.done', item: { type: 'message', content: [{ type: 'output_text', text: 'Hi' }] } }).kind).toBe('content');
  });

  it('counts lifecycle frames, empty items and empty deltas as empty', () => {
    for (const type of ['response.created', 'response.in_progress', 'response.queued', 'response.content_part.added', 'response.reasoning_summary_part.added', 'keepalive']) {
      expect(classify({ type })).toEqual({ kind: 'empty', complete: false });
    }
    expect(classify({ type: 'response.output_item.added', item: { type: 'message', content: [] } }).kind).toBe('empty');
    expect(classify({ type: 'response.output_item.added', item: { type: 'reasoning', summary: [] } }).kind).toBe('empty');
    expect(classify({ type: 'response.output_text.delta', delta: '' }).kind).toBe('empty');
  });

  it('ends the stream on completed, incomplete and failed; error is the in-band error', () => {
    expect(classify({ type: 'response.completed', response: {} })).toEqual({ kind: 'empty', complete: true });
    expect(classify({ type: 'response.incomplete', response: {} })).toEqual({ kind: 'empty', complete: true });
    expect(classify({ type: 'response.failed', response: {} })).toEqual({ kind: 'error', complete: true });
    expect(classify({ type: 'error', code: 'server_error', message: 'x' })).toEqual({ kind: 'error', complete: false });
  });

  it('calls data without a type malformed', () => {
    expect(classifyResponsesEvent('x')).toEqual({ kind: 'malformed', complete: false });
    expect(classifyResponsesEvent({ choices: [] })).toEqual({ kind: 'malformed', complete: false });
  });
});

describe('responsesTextOf', () => {
  it('gives the text of a text delta and nothing for reasoning or calls', () => {
    expect(responsesTextOf({ type: 'response.output_text.delta', delta: 'Hi' })).toBe('Hi');
    expect(responsesTextOf({ type: 'response.reasoning_summary_text.delta', delta: 'Hi' })).toBeUndefined();
    expect(responsesTextOf({ type: 'response.function_call_arguments.delta', delta: '{}' })).toBeUndefined();
  });
});

describe('encodeResponsesEvent(s) and responsesFailureEvents', () => {
  it('names each SSE event after its type', () => {
    const bytes = encodeResponsesEvent({ type: 'response.output_text.delta', sequence_number: 3, delta: 'x' });
    expect(new TextDecoder().decode(bytes)).toBe('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":3,"delta":"x"}\n\n');
  });

  it('encodes several events as one run of bytes, each as it would be alone', () => {
    const events = [
      { type: 'response.output_text.delta', sequence_number: 3, delta: 'ünï ✓' },
      { type: 'response.output_text.done', sequence_number: 4, text: 'ünï ✓' },
    ];
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    expect(decode(encodeResponsesEvents(events))).toBe(events.map((e) => decode(encodeResponsesEvent(e))).join(''));
    expect(encodeResponsesEvents([])).toHaveLength(0);
  });

  it('fails a passthrough stream with an error event and response.failed keeping the response id', () => {
    const [error, failed] = responsesFailureEvents({ message: 'cut', code: 'upstream_incomplete', sequenceNumber: 7, response: { id: 'resp_9', model: 'gpt-5', output: [] } });
    expect(error).toEqual({ type: 'error', sequence_number: 7, code: 'upstream_incomplete', message: 'cut', param: null, error: { type: 'api_error', code: 'upstream_incomplete', message: 'cut', param: null } });
    expect(failed).toMatchObject({ type: 'response.failed', sequence_number: 8, response: { id: 'resp_9', model: 'gpt-5', status: 'failed', error: { code: 'upstream_incomplete', message: 'cut' } } });
  });
});
