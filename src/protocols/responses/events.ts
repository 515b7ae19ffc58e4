import type { ResponseJson } from './response-json.ts';
import { isObject, stringOf } from './json.ts';
import type { ResponsesEvent } from './types.ts';

/** What a native Responses event means for the gateway's stream layer. */
export type ResponsesEventClass = { kind: 'content' | 'empty' | 'error' | 'malformed'; complete: boolean };

// Deltas of real output: text, refusals, reasoning, tool arguments.
const DELTAS = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.reasoning_summary_text.delta',
  'response.reasoning_text.delta',
  'response.function_call_arguments.delta',
  'response.custom_tool_call_input.delta',
  'response.code_interpreter_call_code.delta',
  'response.mcp_call_arguments.delta',
  'response.apply_patch_call_operation_diff.delta',
]);
// Items whose mere start is output (a call begins); messages and reasoning start empty.
const EMPTY_ITEMS = new Set(['message', 'reasoning']);

const CONTENT = { kind: 'content', complete: false } as const;
const EMPTY = { kind: 'empty', complete: false } as const;
const ENDED = { kind: 'empty', complete: true } as const;
const ERROR = { kind: 'error', complete: false } as const;
const FAILED = { kind: 'error', complete: true } as const;
const MALFORMED = { kind: 'malformed', complete: false } as const;

/**
 * Classifies a native Responses event (parsed `data:`): content is the first real output (a text,
 * reasoning or refusal delta, a tool call starting or its arguments, an item that arrives whole);
 * lifecycle frames are empty; `error` is the in-band error; `response.completed`,
 * `response.incomplete` and `response.failed` end the stream as they are.
 */
export function classifyResponsesEvent(data: unknown): ResponsesEventClass {
  if (!isObject(data) || typeof data.type !== 'string') return MALFORMED;
  const type = data.type;
  if (DELTAS.has(type)) return data.delta === '' ? EMPTY : CONTENT;
  switch (type) {
    case 'response.completed':
    case 'response.incomplete':
      return ENDED;
    case 'response.failed':
      return FAILED;
    case 'error':
      return ERROR;
    case 'response.output_item.added':
      return isObject(data.item) && !EMPTY_ITEMS.has(data.item.type as string) ? CONTENT : EMPTY;
    case 'response.output_item.done':
      return isObject(data.item) && hasOutput(data.item) ? CONTENT : EMPTY;
    case 'response.output_text.done':
      return stringOf(data.text) ? CONTENT : EMPTY;
    default:
      return EMPTY;
  }
}

/** Whether a whole item carries output (servers that send only `output_item.done` still commit). */
function hasOutput(item: Record<string, unknown>): boolean {
  if (!EMPTY_ITEMS.has(item.type as string)) return true;
  const parts = item.type === 'message' ? item.content : item.summary;
  return Array.isArray(parts) && parts.some((p) => isObject(p) && ((typeof p.text === 'string' && p.text !== '') || (typeof p.refusal === 'string' && p.refusal !== '')));
}

/** The plain answer text an event adds (for verified resume); undefined for anything else. */
export function responsesTextOf(data: unknown): string | undefined {
  return isObject(data) && data.type === 'response.output_text.delta' ? stringOf(data.delta) : undefined;
}

const encoder = new TextEncoder();

/** One event as SSE bytes, named as the API names it: `event: <type>\ndata: <json>\n\n`. */
export function encodeResponsesEvent(event: ResponsesEvent): Uint8Array {
  return encoder.encode(eventText(event, undefined));
}

/**
 * Several events as one run of SSE bytes, encoded once (a first write carries a 19 kB response
 * twice for Codex); `json` writes a translated call's lifecycle events with their echo written once.
 */
export function encodeResponsesEvents(events: readonly ResponsesEvent[], json?: ResponseJson): Uint8Array {
  let text = '';
  for (const event of events) text += eventText(event, json);
  return encoder.encode(text);
}

function eventText(event: ResponsesEvent, json: ResponseJson | undefined): string {
  return `event: ${event.type}\ndata: ${json ? json.event(event) : JSON.stringify(event)}\n\n`;
}

/**
 * The fields of an in-band `error` event: flat as openai-node's `ResponseErrorEvent` types it, and
 * nested under `error` as OpenAI sends it (the Python SDK raises only on a nested `error`).
 */
export function errorEventFields(message: string, code: string): Record<string, unknown> {
  return { code, message, param: null, error: { type: 'api_error', code, message, param: null } };
}

/**
 * The in-band failure of a stream the gateway did not write itself (a native passthrough cut
 * short): the same `error` then `response.failed` pair the stream writer's `fail()` sends.
 * `response` is the last response object the stream carried, if any (its id is kept).
 */
export function responsesFailureEvents(options: { message: string; code: string; sequenceNumber: number; response?: unknown }): ResponsesEvent[] {
  const { message, code, sequenceNumber } = options;
  const seen = isObject(options.response) ? options.response : {};
  const response = { ...seen, id: stringOf(seen.id) ?? 'resp_unknown', object: 'response', status: 'failed', error: { code, message }, usage: seen.usage ?? null };
  return [
    { type: 'error', sequence_number: sequenceNumber, ...errorEventFields(message, code) },
    { type: 'response.failed', sequence_number: sequenceNumber + 1, response },
  ];
}
