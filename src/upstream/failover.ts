import type { Backend } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import { buildClientHeaders, deleteHeader } from '../http/headers.ts';
import { hasEnded } from '../lifecycle/request-end.ts';
import type { BackendHealth } from '../routing/backend-health.ts';
import type { Protocol, Translation } from '../protocols/protocol.ts';
import type { Continuation, UpstreamHandle } from '../stream/upstream-handle.ts';
import { type AttemptContext, type Failure, type UpstreamRequest, attemptBackend } from './attempt.ts';

/** One try at one backend, as logged and reported in `x-understudy-attempts`. */
export interface AttemptRecord {
  backend: string;
  /** The status it answered, or why it failed. */
  outcome: number | Exclude<Failure['kind'], 'status'>;
  /** Why it could not be reached, for the log: `connection refused`, … */
  cause?: string;
}

export type ChainResult =
  | { kind: 'answered'; backend: Backend; handle: UpstreamHandle; attempts: AttemptRecord[]; rest: Backend[]; protocol: Protocol; translation?: Translation }
  | { kind: 'all-failed'; response: Response; attempts: AttemptRecord[] }
  | { kind: 'client-gone'; attempts: AttemptRecord[] };

/** A call made ready for one backend: the request, the protocol it answers in, and the translation if it needs one. */
export interface PreparedAttempt {
  request: UpstreamRequest;
  protocol: Protocol;
  translation?: Translation;
}

export interface FailoverOptions extends Omit<AttemptContext, 'protocol'> {
  backends: readonly Backend[];
  health: (backend: Backend) => BackendHealth;
  /** The call for one backend; throws a `GatewayError` when it cannot be sent there (it cannot be translated). */
  prepare: (backend: Backend) => PreparedAttempt;
}

/**
 * Walks the chain: each backend that is not cooling down is tried (and retried, as its
 * policy allows) until one gives an answer. Nothing reaches the client before that, so
 * moving on is always safe. If every backend is cooling down they are all tried anyway.
 * When all fail, the client gets the first failure: that backend's own answer where it had one.
 */
export async function forwardWithFailover(opts: FailoverOptions): Promise<ChainResult> {
  const { backends, health, end, clock } = opts;
  const attempts: AttemptRecord[] = [];
  let first: { failure: Failure; backend: Backend } | undefined;

  for (const backend of candidates(backends, health)) {
    const { retries, retryBackoffMs, retryAfterMaxMs } = backend.policy;
    let retriesLeft = retries;
    let waitedRetryAfter = false;
    for (;;) {
      if (hasEnded(end)) return { kind: 'client-gone', attempts };
      const result = await tryOnce(backend, opts);
      if (result.ok) {
        health(backend).succeeded();
        attempts.push({ backend: backend.name, outcome: result.handle.status });
        const { handle, protocol, translation } = result;
        return { kind: 'answered', backend, handle, attempts, rest: backends.slice(backends.indexOf(backend) + 1), protocol, translation };
      }
      const failure = result.failure;
      if (failure.kind === 'client-gone') {
        health(backend).released();
        return { kind: 'client-gone', attempts };
      }
      attempts.push({ backend: backend.name, outcome: failure.kind === 'status' ? failure.status : failure.kind, cause: failure.kind === 'unreachable' ? failure.cause : undefined });
      first ??= { failure, backend };
      if (failure.kind === 'context-length' || failure.kind === 'untranslatable') {
        health(backend).released(); // not this backend's fault: no retry, no cooldown
        break;
      }
      const reason = describeFailure(failure);
      const retryAfter = failure.kind === 'status' ? failure.retryAfterMs : undefined;
      if (retryAfter !== undefined && (retryAfter > retryAfterMaxMs || retryAfterMaxMs === 0 || waitedRetryAfter)) {
        health(backend).failed(`${reason}, Retry-After ${Math.round(retryAfter / 1000)} s`, retryAfter);
        break; // longer than this backend's limit: move on now, and skip it for that long
      }
      health(backend).failed(reason);
      if (retryAfter !== undefined) {
        waitedRetryAfter = true; // the backend said when: one more try after exactly that wait
        await clock.sleep(retryAfter, end);
      } else if (retriesLeft-- > 0) {
        await clock.sleep(backoff(retryBackoffMs, retries - retriesLeft - 1), end);
      } else break;
    }
  }
  return { kind: 'all-failed', response: renderFailure(first!.failure, first!.backend), attempts };
}

/** One attempt at one backend, with the call prepared for it; a call it cannot take is a failure of its own kind. */
async function tryOnce(backend: Backend, opts: FailoverOptions) {
  let prepared: PreparedAttempt;
  try {
    prepared = opts.prepare(backend);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return { ok: false as const, failure: { kind: 'untranslatable' as const, error: err } };
  }
  const result = await attemptBackend(backend, prepared.request, { ...opts, protocol: prepared.protocol });
  return result.ok ? { ...result, protocol: prepared.protocol, translation: prepared.translation } : result;
}

/** The chain minus backends cooling down, claimed lazily; all of them when every one is cooling. */
function* candidates(backends: readonly Backend[], health: (b: Backend) => BackendHealth): Generator<Backend> {
  let any = false;
  for (const b of backends) {
    if (health(b).tryAcquire()) {
      any = true;
      yield b;
    }
  }
  if (!any) yield* backends;
}

/** Exponential, with full jitter over the upper half so retries from many clients spread out. */
function backoff(baseMs: number, attempt: number): number {
  const ceiling = baseMs * 2 ** attempt;
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** The rest of an answered chain, as a stream's continuation: the next backend's answer to the same request. */
export function continueChain(answered: Extract<ChainResult, { kind: 'answered' }>, opts: FailoverOptions): Continuation {
  return {
    next: async () => {
      const result = await forwardWithFailover({ ...opts, backends: answered.rest });
      answered.attempts.push(...result.attempts);
      if (result.kind !== 'answered') return undefined;
      // The stream goes on in the protocol it started in: a backend answering in another cannot continue it.
      if (result.handle.sse && result.handle.reader && result.protocol === answered.protocol) return result.handle;
      result.handle.upstream.abort();
      result.handle.close();
      return undefined;
    },
  };
}

/** A failure in a few words, for the log and `/health`: `status 503`, `unreachable (connection refused)`. */
export function describeFailure(failure: Failure): string {
  if (failure.kind === 'status') return `status ${failure.status}`;
  if (failure.kind === 'unreachable') return `unreachable (${failure.cause})`;
  return failure.kind;
}

/** The backend's own answer when it had one (status, body, `Retry-After` …); else 504 or 502. */
function renderFailure(failure: Failure, backend: Backend): Response {
  if (failure.kind === 'untranslatable') return failure.error.getResponse();
  if (failure.kind === 'status' || failure.kind === 'context-length') {
    const headers = buildClientHeaders(failure.headers);
    deleteHeader(headers, 'content-length'); // the body may have been capped; the runtime frames it anew
    return new Response(failure.body.length > 0 ? failure.body : null, { status: failure.status, headers });
  }
  if (failure.kind === 'timeout' || failure.kind === 'first-token-timeout') {
    return new GatewayError(504, `Backend "${backend.name}" did not respond in time, and no fallback succeeded.`, {
      code: 'upstream_timeout',
    }).getResponse();
  }
  if (failure.kind !== 'unreachable') {
    return new GatewayError(502, `Backend "${backend.name}" broke its stream before any output, and no fallback succeeded.`, {
      code: 'upstream_stream_error',
    }).getResponse();
  }
  return new GatewayError(502, `Backend "${backend.name}" could not be reached (${failure.cause}), and no fallback succeeded.`, {
    code: 'upstream_unreachable',
  }).getResponse();
}
