import { concatBytes } from '../bytes.ts';
import type { EventMeaning, Protocol, StreamEvent } from '../protocols/protocol.ts';

/**
 * Server-sent events, split at event boundaries on the raw bytes, so each event is forwarded
 * exactly as it arrived (WHATWG HTML §9.2.6); what an event means is the protocol's to say.
 */

/** One event as it arrived, and what it means in the stream's protocol. */
export type SseEvent = StreamEvent;

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder();
/** A comment, or an event with no data: never output. */
const NO_DATA: EventMeaning = { kind: 'empty', complete: false };

/** Splits a byte stream into events; feed chunks in order, get back every completed event. */
export class SseSplitter {
  #pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly protocol: Pick<Protocol, 'readEvent'>) {}

  push(chunk: Uint8Array): SseEvent[] {
    const buf = this.#pending.length === 0 ? chunk : concatBytes([this.#pending, chunk]);
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = buf.indexOf(LF); i !== -1; i = buf.indexOf(LF, i + 1)) {
      // An event ends at a blank line: LF LF, or CR LF CR LF.
      const end = buf[i + 1] === LF ? i + 2 : buf[i + 1] === CR && buf[i + 2] === LF ? i + 3 : -1;
      if (end === -1) continue;
      events.push(this.#read(buf.subarray(start, end)));
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

  #read(bytes: Uint8Array): SseEvent {
    const data = soleDataLine(bytes) ?? dataField(bytes);
    const meaning = data === undefined ? NO_DATA : this.protocol.readEvent(data);
    return { bytes, kind: meaning.kind, complete: meaning.complete, data: meaning.data };
  }
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

const encoder = new TextEncoder();

/** Sent while a stream waits for its first token: SSE comments, which every client ignores. */
export const KEEPALIVE_COMMENT = encoder.encode(': keep-alive\n\n');
