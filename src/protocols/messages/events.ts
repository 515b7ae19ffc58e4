import { isRecord } from './read.ts';
import type { MessagesStreamEvent } from './types.ts';

const encoder = new TextEncoder();

/** One event as SSE bytes: `event: <type>\ndata: <json>\n\n`, as the Messages API sends it. */
export function encodeMessagesEvent(event: MessagesStreamEvent): Uint8Array {
  return encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

const PING: MessagesStreamEvent = Object.freeze({ type: 'ping' });

/** The `ping` event the gateway sends while a stream is idle (the SDK skips it). */
export function pingEvent(): MessagesStreamEvent {
  return PING;
}

/** What a native Messages event means for the stream guard (translation contract §4). */
export interface MessagesEventClass {
  kind: 'content' | 'empty' | 'error' | 'malformed';
  /** `message_stop`: the answer ended cleanly. */
  complete: boolean;
}

const CONTENT = { kind: 'content', complete: false } as const;
const EMPTY = { kind: 'empty', complete: false } as const;

/**
 * Classifies the parsed data of a native Messages event. Content is the first real output:
 * any block delta, or a block that starts with something in it (a tool call, a server tool
 * call or result, a non-empty text or thinking block). Lifecycle frames are empty; an
 * `error` event is the in-band error; `message_stop` is the clean end.
 */
export function classifyMessagesEvent(data: unknown): MessagesEventClass {
  if (!isRecord(data) || typeof data.type !== 'string') return { kind: 'malformed', complete: false };
  switch (data.type) {
    case 'content_block_delta':
      return CONTENT;
    case 'content_block_start':
      return startsWithContent(data.content_block) ? CONTENT : EMPTY;
    case 'message_stop':
      return { kind: 'empty', complete: true };
    case 'error':
      return { kind: 'error', complete: false };
    default:
      // message_start, message_delta, content_block_stop, ping, and event types added later.
      return EMPTY;
  }
}

function startsWithContent(block: unknown): boolean {
  if (!isRecord(block)) return false;
  if (block.type === 'text') return typeof block.text === 'string' && block.text !== '';
  if (block.type === 'thinking') return typeof block.thinking === 'string' && block.thinking !== '';
  return typeof block.type === 'string';
}

/**
 * The plain answer text a native event carries (a text delta, or a text block that starts
 * with text), for verified resume; undefined for anything else, reasoning included.
 */
export function messagesTextOf(data: unknown): string | undefined {
  if (!isRecord(data)) return undefined;
  if (data.type === 'content_block_delta') {
    const delta = data.delta;
    return isRecord(delta) && delta.type === 'text_delta' && typeof delta.text === 'string' ? delta.text : undefined;
  }
  if (data.type === 'content_block_start') {
    const block = data.content_block;
    return isRecord(block) && block.type === 'text' && typeof block.text === 'string' ? block.text : undefined;
  }
  return undefined;
}
