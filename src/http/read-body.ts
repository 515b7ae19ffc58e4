import { concatBytes } from '../bytes.ts';
import { GatewayError } from '../errors.ts';
import type { Clock } from '../lifecycle/clock.ts';

export interface ReadBodyOptions {
  limit: number;
  timeoutMs: number;
  clock: Clock;
  /** The runtime's own way to read a body of declared length whole (`RequestFacts.requestBody`). */
  whole?: () => Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * Reads a request body whole (it is replayed to each backend tried), refusing with 413
 * as soon as it is known to exceed `limit`: from `Content-Length` before reading, or
 * while reading when the length was not declared.
 */
export async function readBody(req: Request, headers: Headers, options: ReadBodyOptions): Promise<Uint8Array<ArrayBuffer>> {
  const { limit, timeoutMs, clock, whole } = options;
  const declared = Number(headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (req.method === 'GET' || req.method === 'HEAD') return new Uint8Array();
  // A declared length is read by the runtime in one native call: much cheaper than pumping
  // chunks. `req.body` is not touched on this path: on Node it would build a web stream.
  if (declared >= 0) return withDeadline(clock, (whole ? whole() : req.arrayBuffer().then((buffer) => new Uint8Array(buffer))).catch(incomplete), timeoutMs);
  if (!req.body) return new Uint8Array();
  // Undeclared length: pump chunks, counting; on the deadline, cancelling ends the pending read.
  const reader = req.body.getReader();
  return withDeadline(clock, readWithin(reader, limit).catch(incomplete), timeoutMs, () => void reader.cancel().catch(() => {}));
}

async function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? (chunks[0]! as Uint8Array<ArrayBuffer>) : concatBytes(chunks);
}

/** A client that trickles its body is cut (408) before any backend is contacted. */
function withDeadline<T>(clock: Clock, work: Promise<T>, timeoutMs: number, onLate?: () => void): Promise<T> {
  if (timeoutMs <= 0) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = clock.deadline(timeoutMs, () => {
      onLate?.();
      reject(new GatewayError(408, `The request body did not arrive within ${timeoutMs / 1000} s.`, { code: 'request_timeout' }));
    });
    work.then(
      (value) => (timer.cancel(), resolve(value)),
      (err: unknown) => (timer.cancel(), reject(err)),
    );
  });
}

/** A body that broke off (the client left mid-upload) is the client's doing, not an internal error. */
function incomplete(err: unknown): never {
  if (err instanceof GatewayError) throw err;
  throw new GatewayError(400, 'The request body ended before it was complete.', { code: 'incomplete_body' });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError(413, `Request body is larger than the gateway's limit of ${limit} bytes.`, { code: 'request_too_large' });
}

const strict = new TextDecoder('utf-8', { fatal: true });
const loose = new TextDecoder();

/**
 * UTF-8 to text, refusing invalid bytes. The loose decoder is each runtime's fast path (see
 * docs/performance.md); it turns invalid bytes into U+FFFD, so only when one shows up, sent
 * as is or made from invalid bytes, does the strict one decide.
 */
function decodeUtf8(bytes: Uint8Array): string {
  const text = loose.decode(bytes);
  return text.includes('\uFFFD') ? strict.decode(bytes) : text;
}

/** Refuses a body declared as something other than JSON (415); no declared type is taken as JSON. */
export function checkJsonContentType(headers: Headers): void {
  const type = headers.get('content-type')?.split(';')[0]!.trim().toLowerCase();
  if (type && type !== 'application/json' && !type.endsWith('+json')) {
    throw new GatewayError(415, `Request body must be JSON: send "Content-Type: application/json" (got "${type.slice(0, 100)}").`, {
      code: 'unsupported_media_type',
    });
  }
}

/** A completions request body, parsed: it must be a JSON object in UTF-8, of bounded depth. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  let value: unknown;
  try {
    text = decodeUtf8(bytes);
    value = JSON.parse(text);
  } catch {
    throw new GatewayError(400, 'Request body must be valid JSON (UTF-8).', { code: 'invalid_json' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayError(400, 'Request body must be a JSON object.', { code: 'invalid_json' });
  }
  if (nestingExceeds(text, MAX_DEPTH)) {
    throw new GatewayError(400, `Request body nests deeper than ${MAX_DEPTH} levels.`, { code: 'invalid_json' });
  }
  return value as Record<string, unknown>;
}

/** No OpenAI request nests this deep; a body that does is an attack on whoever parses it next. */
const MAX_DEPTH = 128;

/** Whether valid JSON text nests arrays/objects deeper than `max`. Jumps over strings with indexOf. */
function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // to the closing quote: one not preceded by an odd run of backslashes
      for (;;) {
        i = text.indexOf('"', i + 1);
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
