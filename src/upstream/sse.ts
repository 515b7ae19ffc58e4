import { concatBytes } from '../bytes.ts';

/**
 * Server-sent events as the OpenAI streaming API sends them, split at event boundaries on
 * the raw bytes, so each event is forwarded exactly as it arrived (WHATWG HTML §9.2.6).
 */

/** What one event means for the gateway. */
export type EventKind =
  /** carries output: content, reasoning, a tool call or a refusal */
  | 'token'
  /** a comment, role-only or empty delta, usage-only chunk: no output yet */
  | 'empty'
  /** `data: [DONE]` */
  | 'done'
  /** `data: {"error": …}` in-band */
  | 'error'
  /** data that is not JSON: dropped, never forwarded */
  | 'malformed';

export interface SseEvent {
  bytes: Uint8Array;
  kind: EventKind;
  /** A choice carried a finish reason: the answer is complete. */
  finished: boolean;
  /** The parsed data, for token events (used by verified resume). */
  data?: unknown;
}

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder();

/** Splits a byte stream into events; feed chunks in order, get back every completed event. */
export class SseSplitter {
  #pending: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): SseEvent[] {
    const buf = this.#pending.length === 0 ? chunk : concatBytes([this.#pending, chunk]);
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = buf.indexOf(LF); i !== -1; i = buf.indexOf(LF, i + 1)) {
      // An event ends at a blank line: LF LF, or CR LF CR LF.
      const end = buf[i + 1] === LF ? i + 2 : buf[i + 1] === CR && buf[i + 2] === LF ? i + 3 : -1;
      if (end === -1) continue;
      events.push(classifyEvent(buf.subarray(start, end)));
      start = end;
      i = end - 1;
    }
    this.#pending = start === buf.length ? new Uint8Array(0) : buf.slice(start);
    return events;
  }

  /** Bytes of an event that has not ended yet. */
  get pending(): number {
    return this.#pending.length;
  }
}

export function classifyEvent(bytes: Uint8Array): SseEvent {
  const data = soleDataLine(bytes) ?? dataField(bytes);
  if (data === undefined) return { bytes, kind: 'empty', finished: false };
  if (data.trim() === '[DONE]') return { bytes, kind: 'done', finished: false };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { bytes, kind: 'malformed', finished: false };
  }
  if (typeof parsed !== 'object' || parsed === null) return { bytes, kind: 'malformed', finished: false };
  if ('error' in parsed && (parsed as { error: unknown }).error) return { bytes, kind: 'error', finished: false };
  const choices = (parsed as { choices?: unknown }).choices;
  let token = false;
  let finished = false;
  if (Array.isArray(choices)) {
    for (const choice of choices as Array<Record<string, unknown> | null>) {
      if (!choice) continue;
      if (choice.finish_reason) finished = true;
      if (hasOutput(choice)) token = true;
    }
  }
  return { bytes, kind: token ? 'token' : 'empty', finished, data: parsed };
}

/** The data of an event's `data:` lines, joined; undefined when it has none. */
function dataField(bytes: Uint8Array): string | undefined {
  let data: string | undefined;
  for (const line of decoder.decode(bytes).split(/\r?\n/)) {
    if (line.startsWith('data:')) {
      const value = line.slice(line[5] === ' ' ? 6 : 5);
      data = data === undefined ? value : `${data}\n${value}`;
    }
  }
  return data;
}

const D = 0x64;
const COLON = 0x3a;
const SPACE = 0x20;

/**
 * The data of the usual event, one `data:` line then a blank line (LF only), decoded without
 * splitting the event into lines: the same string `dataField` gives, for a fraction of the
 * cost on every event of every stream. Undefined for any other shape.
 */
function soleDataLine(bytes: Uint8Array): string | undefined {
  const end = bytes.length - 2;
  if (end < 5 || bytes[0] !== D || bytes[4] !== COLON || bytes[end] !== LF || bytes[end + 1] !== LF || bytes[end - 1] === CR) return undefined;
  if (bytes[1] !== 0x61 || bytes[2] !== 0x74 || bytes[3] !== 0x61 || bytes.indexOf(LF) !== end) return undefined; // "ata", one line
  return decoder.decode(bytes.subarray(bytes[5] === SPACE ? 6 : 5, end));
}

function hasOutput(choice: Record<string, unknown>): boolean {
  if (typeof choice.text === 'string' && choice.text !== '') return true; // legacy completions
  const delta = choice.delta as Record<string, unknown> | undefined;
  if (!delta || typeof delta !== 'object') return false;
  for (const key of ['content', 'reasoning_content', 'reasoning', 'refusal'] as const) {
    if (typeof delta[key] === 'string' && delta[key] !== '') return true;
  }
  return (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) || (delta.function_call !== undefined && delta.function_call !== null);
}

const encoder = new TextEncoder();

/** An in-band error event, the only way to report a failure once a stream's status is sent. */
export function errorEvent(message: string, code: string): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify({ error: { message, type: 'api_error', param: null, code } })}\n\n`);
}

export const KEEPALIVE_COMMENT = encoder.encode(': keep-alive\n\n');
