// Minimal but valid Anthropic Messages answers (JSON and SSE), written from the event shapes in
// anthropic-sdk-typescript's src/resources/messages/messages.ts, for the recording server and mocks.

/** One content block of a scripted turn: text, or a tool call. */
export type MessagesOutput = { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string };

function block(out: MessagesOutput, i: number) {
  return out.type === 'text' ? { type: 'text', text: out.text } : { type: 'tool_use', id: out.id ?? `toolu_${i}`, name: out.name, input: out.input };
}

const stopReason = (outs: MessagesOutput[]) => (outs.some((o) => o.type === 'tool_use') ? 'tool_use' : 'end_turn');

/** A complete non-streamed Messages object. */
export function messagesJson(outputs: MessagesOutput[], model = 'recorded-model', id = 'msg_recorded'): unknown {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: outputs.map(block),
    stop_reason: stopReason(outputs),
    stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

/** The SSE events of a streamed Messages turn, message_start through message_stop. */
export function messagesEvents(outputs: MessagesOutput[], model = 'recorded-model', id = 'msg_recorded'): Array<Record<string, unknown>> {
  const start = {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
  };
  const events: Array<Record<string, unknown>> = [start, { type: 'ping' }];
  outputs.forEach((out, index) => {
    const b = block(out, index);
    if (out.type === 'text') {
      const half = Math.ceil(out.text.length / 2);
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: out.text.slice(0, half) } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: out.text.slice(half) } });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { ...b, input: {} } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(out.input) } });
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({ type: 'message_delta', delta: { stop_reason: stopReason(outputs), stop_sequence: null }, usage: { output_tokens: 5 } });
  events.push({ type: 'message_stop' });
  return events;
}

/** Anthropic's error body, e.g. `overloaded_error` with status 529. */
export function anthropicError(type: string, message: string): unknown {
  return { type: 'error', error: { type, message } };
}
