import type { Backend } from '../config/types.ts';
import { GatewayError } from '../http/errors.ts';
import { type RequestEnd, hasEnded, onRequestEnd } from '../http/request-scope.ts';
import type { BackendHealth } from '../routing/backend-health.ts';
import { deadline } from '../timing/deadlines.ts';
import { type Answer, type Failure, type FetchLike, type UpstreamRequest, attemptBackend } from './attempt.ts';
import { buildClientHeaders, deleteHeader } from './headers.ts';

/** One try at one backend, as logged and reported in `x-understudy-attempts`. */
export interface AttemptRecord {
  backend: string;
  /** The status it answered, or why it failed. */
  outcome: number | Exclude<Failure['kind'], 'status'>;
}

export type ChainResult =
  | { kind: 'answered'; backend: Backend; answer: Answer; attempts: AttemptRecord[]; rest: Backend[] }
  | { kind: 'all-failed'; response: Response; attempts: AttemptRecord[] }
  | { kind: 'client-gone'; attempts: AttemptRecord[] };

export interface FailoverOptions {
  fetch: FetchLike;
  backends: readonly Backend[];
  health: (backend: Backend) => BackendHealth;
  buildRequest: (backend: Backend) => UpstreamRequest;
  /** The model a backend is sent for this request, when known: health is kept per model. */
  modelOf?: (backend: Backend) => string | undefined;
  /** The client leaving or the shutdown grace ending: stops the walk. */
  end: RequestEnd;
  stream: boolean;
  /** Injected for tests; real waits otherwise. */
  sleep?: (ms: number, end: RequestEnd) => Promise<void>;
}

/**
 * Walks the chain until a backend gives an answer: each in turn, retried as its policy
 * allows; those cooling down are tried last, in chain order, so a cooldown reorders and
 * never refuses. Nothing reaches the client before an answer, so moving on is always safe.
 * When all fail, the client gets the failure of the first backend in chain order, as its own
 * answer where it had one.
 */
export async function forwardWithFailover(opts: FailoverOptions): Promise<ChainResult> {
  const { backends, health, end } = opts;
  const sleep = opts.sleep ?? abortableSleep;
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
      const result = await attemptBackend(opts.fetch, backend, opts.buildRequest(backend), { end, stream: opts.stream });
      if (result.ok) {
        state.succeeded(model);
        attempts.push({ backend: backend.name, outcome: result.answer.status });
        const rest = backends.filter((b) => b !== backend && !failures?.has(b)); // not tried yet, in chain order
        return { kind: 'answered', backend, answer: result.answer, attempts, rest };
      }
      const failure = result.failure;
      if (failure.kind === 'client-gone') {
        if (claimed) state.released(model);
        return { kind: 'client-gone', attempts };
      }
      attempts.push({ backend: backend.name, outcome: failure.kind === 'status' ? failure.status : failure.kind });
      failures ??= new Map();
      if (!failures.has(backend)) failures.set(backend, failure);
      if (failure.kind === 'context-length') {
        if (claimed) state.released(model); // not this backend's fault: no retry, no cooldown
        break;
      }
      const reason = failure.kind === 'status' ? `status ${failure.status}` : failure.kind;
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
        await sleep(retryAfter, end);
      } else if (retriesLeft-- > 0) {
        await sleep(backoff(retryBackoffMs, retries - retriesLeft - 1), end);
      } else break;
    }
  }
  const first = backends.find((b) => failures!.has(b))!;
  return { kind: 'all-failed', response: renderFailure(failures!.get(first)!, first), attempts };
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

function abortableSleep(ms: number, end: RequestEnd): Promise<void> {
  return new Promise((resolve) => {
    if (!(ms > 0)) return resolve();
    let stop = () => {};
    const done = () => {
      timer.cancel();
      stop();
      resolve();
    };
    const timer = deadline(ms, done);
    stop = onRequestEnd(end, done); // may call done at once
  });
}

/** The backend's own answer when it had one (status, body, `Retry-After` …); else 504 or 502. */
function renderFailure(failure: Failure, backend: Backend): Response {
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
  if (failure.kind === 'stream-error') {
    return new GatewayError(502, `Backend "${backend.name}" broke its stream before any output, and no fallback succeeded.`, {
      code: 'upstream_stream_error',
    }).getResponse();
  }
  return new GatewayError(502, `Backend "${backend.name}" could not be reached, and no fallback succeeded.`, {
    code: 'upstream_unreachable',
  }).getResponse();
}
