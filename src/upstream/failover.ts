import type { Backend } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import { buildClientHeaders } from '../http/headers.ts';
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
  /** The model a backend is sent for this request, when known: health is kept per model. */
  modelOf?: (backend: Backend) => string | undefined;
}

/**
 * Walks the chain until a backend gives an answer: each in turn, retried as its policy
 * allows; those cooling down are tried last, in chain order, so a cooldown reorders and
 * never refuses. Nothing reaches the client before an answer, so moving on is always safe.
 * When all fail, the client gets the failure of the first backend in chain order, as its own
 * answer where it had one.
 */
export async function forwardWithFailover(opts: FailoverOptions): Promise<ChainResult> {
  const { backends, health, end, clock } = opts;
  const modelOf = opts.modelOf ?? (() => undefined);
  const attempts: AttemptRecord[] = [];
  let failures: Map<Backend, Failure> | undefined; // each backend's first failure in this request (most have none)

  for (const { backend, claimed } of candidates(backends, (b) => health(b).tryAcquire(modelOf(b)))) {
    const state = health(backend);
    const model = modelOf(backend);
    const { retries, retryBackoffMs, retryAfterMaxMs } = backend.policy;
    let retriesLeft = retries;
    let waitedRetryAfter = false;
    for (;;) {
      if (hasEnded(end)) {
        if (claimed) state.released(model);
        return { kind: 'client-gone', attempts };
      }
      const result = await tryOnce(backend, opts);
      if (result.ok) {
        state.succeeded(model);
        attempts.push({ backend: backend.name, outcome: result.handle.status });
        const rest = backends.filter((b) => b !== backend && !failures?.has(b)); // not tried yet, in chain order
        const { handle, protocol, translation } = result;
        return { kind: 'answered', backend, handle, attempts, rest, protocol, translation };
      }
      const failure = result.failure;
      if (failure.kind === 'client-gone') {
        if (claimed) state.released(model);
        return { kind: 'client-gone', attempts };
      }
      attempts.push({ backend: backend.name, outcome: failure.kind === 'status' ? failure.status : failure.kind, cause: failure.kind === 'unreachable' ? failure.cause : undefined });
      failures ??= new Map();
      if (!failures.has(backend)) failures.set(backend, failure);
      if (failure.kind === 'context-length' || failure.kind === 'untranslatable') {
        if (claimed) state.released(model); // not this backend's fault: no retry, no cooldown
        break;
      }
      const reason = describeFailure(failure);
      const retryAfter = failure.kind === 'status' ? failure.retryAfterMs : undefined;
      if (retryAfter !== undefined && (retryAfter > retryAfterMaxMs || retryAfterMaxMs === 0 || waitedRetryAfter)) {
        state.failed(model, `${reason}, Retry-After ${Math.round(retryAfter / 1000)} s`, { skipForMs: retryAfter });
        break; // longer than this backend's limit: move on now, and try it last for that long
      }
      const cooling = state.failed(model, reason, { hostWide: failure.kind === 'unreachable' });
      // A timeout has cost its whole wait already: the next backend, at once. Retries are
      // for errors and resets, and stop once the backend cools down (a failed probe re-arms it).
      if (cooling || failure.kind === 'timeout' || failure.kind === 'first-token-timeout') break;
      if (retryAfter !== undefined) {
        waitedRetryAfter = true; // the backend said when: one more try after exactly that wait
        await clock.sleep(retryAfter, end);
      } else if (retriesLeft-- > 0) {
        await clock.sleep(backoff(retryBackoffMs, retries - retriesLeft - 1), end);
      } else break;
    }
  }
  const first = backends.find((b) => failures!.has(b))!;
  return { kind: 'all-failed', response: renderFailure(failures!.get(first)!, first), attempts };
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
  const { protocol, translation } = prepared;
  const result = await attemptBackend(backend, prepared.request, { fetch: opts.fetch, clock: opts.clock, end: opts.end, stream: opts.stream, protocol });
  return result.ok ? { ok: true as const, handle: result.handle, protocol, translation } : result;
}

/**
 * The chain in order, with the backends cooling down moved to its end, in chain order: tried
 * only when everything before them failed. Each is claimed only when its turn comes, so a
 * probe is claimed only by a request that will send it; one at the end whose cooldown has
 * run out by then is a probe too. `claimed` says the backend's health let this request in.
 */
function* candidates(backends: readonly Backend[], tryAcquire: (b: Backend) => boolean): Generator<{ backend: Backend; claimed: boolean }> {
  const cooling: Backend[] = [];
  for (const backend of backends) {
    if (tryAcquire(backend)) yield { backend, claimed: true };
    else cooling.push(backend);
  }
  for (const backend of cooling) yield { backend, claimed: tryAcquire(backend) };
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
    const headers = buildClientHeaders(failure.headers, true); // the body may have been capped; the runtime frames it anew
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
