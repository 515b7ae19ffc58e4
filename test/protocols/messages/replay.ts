import type { MessagesStreamEvent } from '../../../src/protocols/messages/types.ts';

/** What a client assembles from a Messages event stream. */
export interface Replayed {
  content: Array<Record<string, unknown>>;
  stopReason: string | null;
  stopSequence: string | null;
  usage: Record<string, unknown>;
  error: { type: string; message: string } | undefined;
  stopped: boolean;
}

/**
 * Replays events the way the Anthropic SDK's MessageStream and Claude Code's own stream
 * reader do, throwing where they throw: an event before message_start, a delta to a block
 * that is not started or already closed ("Content block already closed"), a delta of the
 * wrong kind for its block, a start at an index out of order; and, stricter than both, a
 * second block opened while one is open (Anthropic never does).
 */
export function replay(events: MessagesStreamEvent[]): Replayed {
  const out: Replayed = { content: [], stopReason: null, stopSequence: null, usage: {}, error: undefined, stopped: false };
  const json: string[] = [];
  const closed = new Set<number>();
  let started = false;
  let open: number | undefined;
  for (const event of events) {
    if (out.stopped || out.error) throw new Error(`${event.type} after the stream ended`);
    if (event.type === 'ping') continue;
    if (event.type === 'error') {
      out.error = event.error;
      continue;
    }
    if (event.type === 'message_start') {
      if (started) throw new Error('a second message_start');
      started = true;
      out.usage = { ...event.message.usage };
      continue;
    }
    if (!started) throw new Error(`${event.type} before message_start`);
    switch (event.type) {
      case 'content_block_start':
        if (event.index !== out.content.length) throw new Error(`block ${event.index} started out of order`);
        if (open !== undefined) throw new Error(`block ${event.index} started while ${open} is open`);
        out.content.push({ ...event.content_block });
        json.push('');
        open = event.index;
        break;
      case 'content_block_delta': {
        const block = out.content[event.index];
        if (!block) throw new Error(`Content block not found: ${event.index}`);
        if (closed.has(event.index)) throw new Error(`Content block already closed: ${event.index}`);
        const delta = event.delta;
        if (delta.type === 'text_delta' && block.type === 'text') block.text = String(block.text) + delta.text;
        else if (delta.type === 'thinking_delta' && block.type === 'thinking') block.thinking = String(block.thinking) + delta.thinking;
        else if (delta.type === 'signature_delta' && block.type === 'thinking') block.signature = delta.signature;
        else if (delta.type === 'input_json_delta' && block.type === 'tool_use') json[event.index] += delta.partial_json;
        else throw new Error(`${delta.type} on a ${String(block.type)} block`);
        break;
      }
      case 'content_block_stop': {
        const block = out.content[event.index];
        if (!block || closed.has(event.index)) throw new Error(`bad content_block_stop ${event.index}`);
        closed.add(event.index);
        if (block.type === 'tool_use') block.input = parseInput(json[event.index]!);
        open = undefined;
        break;
      }
      case 'message_delta':
        if (open !== undefined) throw new Error('message_delta with a block open');
        out.stopReason = event.delta.stop_reason;
        out.stopSequence = event.delta.stop_sequence;
        out.usage = { ...out.usage, ...event.usage };
        break;
      case 'message_stop':
        if (out.stopReason === null) throw new Error('message_stop without message_delta');
        out.stopped = true;
        break;
    }
  }
  return out;
}

/** A tool input as the SDK reads it at the block's end; arguments that are not JSON stay raw. */
function parseInput(json: string): unknown {
  if (json === '') return {};
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
