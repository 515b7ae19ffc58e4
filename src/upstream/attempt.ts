import { concatBytes } from '../bytes.ts';
import type { Backend } from '../config/types.ts';
import { type EndSource, type RequestEnd, hasEnded, onRequestEnd } from '../http/request-scope.ts';
import { type Deadline, deadline as after } from '../timing/deadlines.ts';
import { classifyStatus, retryAfterMs } from './classify.ts';
import { redactKey } from './redact.ts';
import type { ChunkReader } from './body-reader.ts';
import { SseSplitter } from './sse.ts';
import { UpstreamAbort } from './upstream-abort.ts';

/**
 * The upstream client: a plain `fetch` works. A runtime's own client may also read the
 * backend's policy (the third argument) to apply what its client supports, e.g. a connect
 * timeout on Node; and if it says `hearsAbort`, it is told of an abort through the fourth
 * argument and gets no `init.signal`, which is then never built. `readBody` says how its
 * responses' bodies are best read (by default, `body.getReader()`); null for no body.
 */
export type FetchLike = ((input: string, init: RequestInit, backend?: Backend, abort?: EndSource) => Promise<Response>) & {
  hearsAbort?: boolean;
  readBody?: (response: Response) => ChunkReader | null;
};

const defaultReader = (response: Response): ChunkReader | null => response.body?.getReader() ?? null;

export interface UpstreamRequest {
  url: string;
  method: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: BodyInit | null;
}

/** Why a backend could not be used; each of these moves on (or retries). */
export type Failure =
  | { kind: 'status'; status: number; headers: Headers; body: Uint8Array<ArrayBuffer>; retryAfterMs?: number }
  | { kind: 'context-length'; status: number; headers: Headers; body: Uint8Array<ArrayBuffer> }
  | { kind: 'timeout' | 'first-token-timeout' | 'unreachable' | 'stream-error' };

/** A backend's answer, not yet sent: `prelude` is what was read of the body while waiting for the first token. */
export interface Answer {
  status: number;
  headers: Headers;
  prelude: Uint8Array<ArrayBuffer> | undefined;
  /** The rest of the body, not yet read. */
  reader: ChunkReader | null;
  sse: boolean;
  upstream: UpstreamAbort;
  /** Stops the timers and listeners; call when the body ends. */
  release: () => void;
  /** True once the backend's total limit has cut the request. */
  pastTotal: () => boolean;
}

export type AttemptResult = { ok: true; answer: Answer } | { ok: false; failure: Failure } | { ok: false; failure: { kind: 'client-gone' } };

/** Non-streamed answers up to this size (by Content-Length) are read whole before answering. */
const WHOLE_BODY_LIMIT = 4 << 20;

/** Most of an error body the gateway keeps, to answer with it or to read why a 400 happened. */
const ERROR_BODY_LIMIT = 1 << 20;

/**
 * Sends one request to one backend and decides what its answer means, reading no more of
 * the body than that needs: an error body, or for a stream the events up to its first real
 * token. The upstream request is aborted when the client leaves or a deadline passes.
 */
export async function attemptBackend(
  fetch: FetchLike,
  backend: Backend,
  req: UpstreamRequest,
  { end, stream }: { end: RequestEnd; stream: boolean },
): Promise<AttemptResult> {
  const { firstByteTimeoutMs, firstTokenTimeoutMs, totalTimeoutMs } = backend.policy;
  const upstream = new UpstreamAbort();
  const readerOf = fetch.readBody ?? defaultReader;
  const stopListening = onRequestEnd(end, () => upstream.abort(new Error('request ended')));
  let deadline: 'first-byte' | 'first-token' | 'total' | undefined;
  let phase: Deadline | undefined;
  const expireAfter = (ms: number, which: typeof deadline) => {
    phase?.cancel();
    phase = after(ms, () => ((deadline = which), upstream.abort(new Error(`${which} deadline`))));
  };
  const total = after(totalTimeoutMs, () => ((deadline = 'total'), upstream.abort(new Error('total deadline'))));
  const pastTotal = () => deadline === 'total';
  const release = () => {
    phase?.cancel();
    total.cancel();
    stopListening();
  };

  try {
    expireAfter(firstByteTimeoutMs, 'first-byte');
    const init: RequestInit = { method: req.method, headers: req.headers, body: req.body, redirect: 'manual' };
    if (!fetch.hearsAbort) init.signal = upstream.signal;
    const response = await fetch(req.url, init, backend, upstream);
    const { status, headers } = response;
    const sse = headers.get('content-type')?.includes('text/event-stream') ?? false;

    if (status >= 400) {
      // An error body is small: read it whole (still under the first-byte deadline) to decide.
      const body = redactKey(await readCapped(response, readerOf, ERROR_BODY_LIMIT, upstream), backend.apiKey);
      release();
      const verdict = classifyStatus(status, status === 400 ? new TextDecoder().decode(body) : undefined);
      if (verdict === 'retryable') return { ok: false, failure: { kind: 'status', status, headers, body, retryAfterMs: retryAfterMs(headers) } };
      if (verdict === 'next-backend') return { ok: false, failure: { kind: 'context-length', status, headers, body } };
      return { ok: true, answer: { status, headers, prelude: body, reader: null, sse: false, upstream, release, pastTotal } };
    }

    // A small answer that is not a stream is read whole here, under the idle deadline: the
    // runtime then sends it in one write (no stream to pump), and a body that breaks
    // half-way still fails over, since nothing has reached the client yet.
    const length = Number(headers.get('content-length') ?? Number.NaN);
    if (!sse && length <= WHOLE_BODY_LIMIT) {
      expireAfter(backend.policy.idleTimeoutMs, 'first-byte');
      const body = new Uint8Array(await response.arrayBuffer());
      release();
      return { ok: true, answer: { status, headers, prelude: body, reader: null, sse, upstream, release, pastTotal } };
    }
    phase?.cancel();
    const reader = readerOf(response);
    if (!(stream && sse && reader && status === 200)) {
      return { ok: true, answer: { status, headers, prelude: undefined, reader, sse, upstream, release, pastTotal } };
    }
    expireAfter(firstTokenTimeoutMs, 'first-token');
    const prelude = await readUntilFirstToken(reader, upstream);
    phase?.cancel();
    if (prelude === 'failed') {
      release();
      await reader.cancel().catch(() => {});
      return { ok: false, failure: { kind: 'stream-error' } };
    }
    return { ok: true, answer: { status, headers, prelude, reader, sse, upstream, release, pastTotal } };
  } catch {
    release();
    upstream.abort(); // whatever failed, nothing of this request may linger
    if (hasEnded(end)) return { ok: false, failure: { kind: 'client-gone' } };
    if (deadline === 'first-token') return { ok: false, failure: { kind: 'first-token-timeout' } };
    if (deadline) return { ok: false, failure: { kind: 'timeout' } };
    return { ok: false, failure: { kind: 'unreachable' } };
  }
}

/**
 * Reads SSE until an event carries output or says the answer is complete. Role-only and
 * empty deltas and comments do not count. An in-band error, or an end with neither, before
 * any output is a failure of this backend; so is a break (it throws).
 */
async function readUntilFirstToken(reader: ChunkReader, upstream: UpstreamAbort): Promise<Uint8Array<ArrayBuffer> | 'failed'> {
  const splitter = new SseSplitter();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await readOrAbort(reader, upstream);
    if (done) return 'failed';
    chunks.push(value);
    for (const event of splitter.push(value)) {
      if (event.kind === 'error') return 'failed';
      if (event.kind === 'token' || event.kind === 'done' || event.finished) return concatBytes(chunks);
    }
  }
}

/**
 * A read that ends when the request is aborted. An aborted fetch does not always fail a read
 * already pending on its body (seen on Deno 2.9 under load); cancelling the
 * reader ends that read at once.
 */
async function readOrAbort(reader: ChunkReader, upstream: UpstreamAbort): ReturnType<ChunkReader['read']> {
  if (upstream.aborted) throw upstream.reason;
  const stop = upstream.listen(() => void reader.cancel().catch(() => {}));
  try {
    const result = await reader.read();
    if (upstream.aborted) throw upstream.reason;
    return result;
  } finally {
    stop();
  }
}

async function readCapped(response: Response, readerOf: (response: Response) => ChunkReader | null, limit: number, upstream: UpstreamAbort): Promise<Uint8Array<ArrayBuffer>> {
  const reader = readerOf(response);
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await readOrAbort(reader, upstream);
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= limit) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return concatBytes(chunks).slice(0, limit);
}
