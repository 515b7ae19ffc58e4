import { roughTokenCount } from './rough-tokens.ts';
import { type Turn, greeting, wordPieces } from './reply-text.ts';
import { namedFrame, paced, sseResponse } from './sse-stream.ts';

/**
 * Native Anthropic Messages answers (`POST …/messages`), JSON or SSE, shaped as in
 * anthropic-sdk-typescript's `Message` and `RawMessageStreamEvent` types: one text block,
 * `stop_reason: "end_turn"`. Text only: the simulator makes no tool calls in this mode.
 */

/** The parts of a Messages request the simulator reads. */
export interface MessagesRequestBody {
  model?: unknown;
  stream?: unknown;
  system?: unknown;
  messages?: unknown;
  tools?: unknown;
}

const messageId = (turn: Turn) => `msg_${turn.name}_${turn.serial}`;

function usageOf(inputTokens: number, outputTokens: number) {
  return { input_tokens: inputTokens, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' };
}

function message(turn: Turn, content: unknown[], stopReason: string | null, outputTokens: number) {
  return {
    id: messageId(turn),
    type: 'message',
    role: 'assistant',
    model: turn.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: usageOf(turn.promptTokens, outputTokens),
  };
}

/** A non-streamed Messages answer. */
export function messagesJson(turn: Turn): Response {
  const text = greeting(turn);
  return Response.json(message(turn, [{ type: 'text', text }], 'end_turn', wordPieces(text).length));
}

/** The events of a streamed Messages answer, message_start (then a ping) through message_stop. */
export function messagesEvents(turn: Turn): Array<Record<string, unknown> & { type: string }> {
  const pieces = wordPieces(greeting(turn));
  return [
    { type: 'message_start', message: message(turn, [], null, 1) },
    { type: 'ping' },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    ...pieces.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: pieces.length } },
    { type: 'message_stop' },
  ];
}

/** A streamed Messages answer: `event:`/`data:` frames, the text deltas paced. */
export function messagesStream(turn: Turn): Response {
  const frames = messagesEvents(turn).map((event) => ({ text: namedFrame(event), paced: event.type === 'content_block_delta' }));
  return sseResponse(paced(turn.chunkDelayMs, frames));
}

/** `POST …/messages/count_tokens`: `{input_tokens}` by the simulator's own rough count (rough-tokens.ts). */
export function countTokens(body: MessagesRequestBody): Response {
  return Response.json({ input_tokens: roughTokenCount([body.system, body.messages, body.tools]) });
}
