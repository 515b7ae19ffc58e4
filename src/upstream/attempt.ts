import { concatBytes } from '../bytes.ts';
import type { Backend } from '../config/types.ts';
import type { GatewayError } from '../errors.ts';
import type { Clock, Deadline } from '../lifecycle/clock.ts';
import { type RequestEnd, hasEnded, onRequestEnd } from '../lifecycle/request-end.ts';
import { UpstreamAbort } from '../lifecycle/upstream-abort.ts';
import type { Protocol } from '../protocols/protocol.ts';
import type { ChunkReader, FetchLike } from '../runtime-contract.ts';
import { SseSplitter } from '../stream/sse.ts';
import type { UpstreamHandle } from '../stream/upstream-handle.ts';
import { classifyStatus, retryAfterMs } from './classify.ts';
import { describeNetworkError } from './network-error.ts';
import { redactKey } from './redact.ts';

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
  /** `cause` says why, in words: `connection refused`, `DNS lookup failed`, `TLS failed`, … */
  | { kind: 'unreachable'; cause: string }
  /** the call could not be put into an API this backend speaks; nothing was sent */
  | { kind: 'untranslatable'; error: GatewayError }
  | { kind: 'timeout' | 'first-token-timeout' | 'stream-error' };

export type AttemptResult = { ok: true; handle: UpstreamHandle } | { ok: false; failure: Failure } | { ok: false; failure: { kind: 'client-gone' } };

/** What one attempt needs besides the backend and the request. */
export interface AttemptContext {
  fetch: FetchLike;
  clock: Clock;
  /** The client leaving or the shutdown grace ending. */
  end: RequestEnd;
  stream: boolean;
  /** The protocol the backend answers in: what counts as its first real content. */
  protocol: Protocol;
}

/** Non-streamed answers up to this size (by Content-Length) are read whole before answering. */
const WHOLE_BODY_LIMIT = 4 << 20;

/** Most of an error body the gateway keeps, to answer with it or to read why a 400 happened. */
const ERROR_BODY_LIMIT = 1 << 20;

/**
 * Sends one request to one backend and decides what its answer means, reading no more of
 * the body than that needs: an error body, or for a stream the events up to its first real
 * content. The upstream request is aborted when the client leaves or a deadline passes. The
 * answer is an `UpstreamHandle` for the stream layer.
 */
export async function attemptBackend(backend: Backend, req: UpstreamRequest, ctx: AttemptContext): Promise<AttemptResult> {
  const upstream = new UpstreamAbort();
  const timers = new AttemptTimers(ctx, upstream, backend.policy.totalTimeoutMs);
  try {
    timers.phase(backend.policy.firstByteTimeoutMs, 'first-byte');
    const init: RequestInit = { method: req.method, headers: req.headers, body: req.body, redirect: 'manual' };
    if (!ctx.fetch.hearsAbort) init.signal = upstream.signal;
    const response = await ctx.fetch(req.url, init, backend, upstream);
    return await judgeResponse(response, backend, ctx, timers);
  } catch (err) {
    timers.close();
    upstream.abort(); // whatever failed, nothing of this request may linger
    if (hasEnded(ctx.end)) return { ok: false, failure: { kind: 'client-gone' } };
    if (timers.expired === 'first-token') return { ok: false, failure: { kind: 'first-token-timeout' } };
    if (timers.expired) return { ok: false, failure: { kind: 'timeout' } };
    return { ok: false, failure: { kind: 'unreachable', cause: describeNetworkError(err) } };
  }
}

/** What a response means: a failure to move on from, or the answer, read as far as deciding needs. */
async function judgeResponse(response: Response, backend: Backend, { fetch, stream, protocol }: AttemptContext, timers: AttemptTimers): Promise<AttemptResult> {
  const { status, headers } = response;
  const { upstream } = timers;
  const readerOf = fetch.readBody ?? defaultReader;
  const sse = headers.get('content-type')?.includes('text/event-stream') ?? false;
  const answer = (prelude: Uint8Array<ArrayBuffer> | undefined, reader: ChunkReader | null, isSse = sse): AttemptResult => ({
    ok: true,
    handle: { status, headers, sse: isSse, prelude, reader, upstream, idleMs: backend.policy.idleTimeoutMs, pastTotal: timers.pastTotal, close: timers.close },
  });
  if (status >= 400) {
    // An error body is small: read it whole (still under the first-byte deadline) to decide.
    const body = redactKey(await readCapped(response, readerOf, ERROR_BODY_LIMIT, upstream), backend.apiKey);
    timers.close();
    const verdict = classifyStatus(status, status === 400 ? new TextDecoder().decode(body) : undefined);
    if (verdict === 'retryable') return { ok: false, failure: { kind: 'status', status, headers, body, retryAfterMs: retryAfterMs(headers) } };
    if (verdict === 'next-backend') return { ok: false, failure: { kind: 'context-length', status, headers, body } };
    return answer(body, null, false);
  }
  // A small answer that is not a stream is read whole here, under the idle deadline: the
  // runtime then sends it in one write (no stream to pump), and a body that breaks
  // half-way still fails over, since nothing has reached the client yet.
  if (!sse && Number(headers.get('content-length') ?? Number.NaN) <= WHOLE_BODY_LIMIT) {
    timers.phase(backend.policy.idleTimeoutMs, 'first-byte');
    // bytes(), not arrayBuffer(): Node's client hands over a view of the socket's buffer where
    // arrayBuffer() must copy into a new backing store (2-4 µs on Node 20).
    const body = (await response.bytes()) as Uint8Array<ArrayBuffer>;
    timers.close();
    return answer(body, null);
  }
  timers.endPhase();
  const reader = readerOf(response);
  if (!(stream && sse && reader && status === 200)) return answer(undefined, reader);
  timers.phase(backend.policy.firstTokenTimeoutMs, 'first-token');
  const prelude = await readUntilFirstContent(reader, upstream, protocol);
  timers.endPhase();
  if (prelude !== 'failed') return answer(prelude, reader);
  timers.close();
  await reader.cancel().catch(() => {});
  return { ok: false, failure: { kind: 'stream-error' } };
}

type Phase = 'first-byte' | 'first-token' | 'total';

/** The deadlines and listeners of one attempt: each ends its upstream request; `close` stops them all. */
class AttemptTimers {
  /** Which deadline ended the request, if one did. */
  expired: Phase | undefined;
  #phase: Deadline | undefined;
  readonly #total: Deadline;
  readonly #stopListening: () => void;

  constructor(
    private readonly ctx: Pick<AttemptContext, 'clock' | 'end'>,
    readonly upstream: UpstreamAbort,
    totalMs: number,
  ) {
    this.#stopListening = onRequestEnd(ctx.end, () => upstream.abort(new Error('request ended')));
    this.#total = this.#after(totalMs, 'total');
  }

  /** The next phase's deadline, replacing the last one. */
  phase(ms: number, which: Phase): void {
    this.#phase?.cancel();
    this.#phase = this.#after(ms, which);
  }

  endPhase(): void {
    this.#phase?.cancel();
  }

  pastTotal = (): boolean => this.expired === 'total';

  close = (): void => {
    this.#phase?.cancel();
    this.#total.cancel();
    this.#stopListening();
  };

  #after(ms: number, which: Phase): Deadline {
    return this.ctx.clock.deadline(ms, () => {
      this.expired = which;
      this.upstream.abort(new Error(`${which} deadline`));
    });
  }
}

/**
 * Reads SSE until an event carries real content or the protocol's clean end. Lifecycle
 * frames, role-only deltas and comments do not count: they are held, so failover is still
 * possible behind them. An in-band error, or an end with neither, before any content is a
 * failure of this backend; so is a break (it throws).
 */
async function readUntilFirstContent(reader: ChunkReader, upstream: UpstreamAbort, protocol: Protocol): Promise<Uint8Array<ArrayBuffer> | 'failed'> {
  const splitter = new SseSplitter(protocol);
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await readOrAbort(reader, upstream);
    if (done) return 'failed';
    chunks.push(value);
    for (const event of splitter.push(value)) {
      if (event.kind === 'error') return 'failed';
      if (event.kind === 'content' || event.complete) return concatBytes(chunks);
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
