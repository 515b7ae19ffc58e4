import type { Backend } from '../config/types.ts';
import { GatewayError } from '../http/errors.ts';
import { type AttemptResult, type Failure, type FetchLike, type UpstreamRequest, attemptBackend } from './attempt.ts';
import { buildClientHeaders } from './headers.ts';

/** One try at one backend, as logged and reported in `x-understudy-attempts`. */
export interface AttemptRecord {
  backend: string;
  /** The status it answered, or why it failed. */
  outcome: number | 'timeout' | 'unreachable';
}

export type ChainResult =
  | { kind: 'answered'; backend: Backend; attempt: Extract<AttemptResult, { ok: true }>; attempts: AttemptRecord[] }
  | { kind: 'all-failed'; response: Response; attempts: AttemptRecord[] }
  | { kind: 'client-gone'; attempts: AttemptRecord[] };

/**
 * Tries each backend in order until one answers with something other than a connection
 * failure, a timeout, a 5xx or a 429. Nothing reaches the client before that, so moving on
 * is always safe. When all fail, the client gets the primary backend's failure.
 */
export async function forwardWithFailover({
  fetch,
  backends,
  buildRequest,
  timeoutMs,
  signal,
}: {
  fetch: FetchLike;
  backends: readonly Backend[];
  buildRequest: (backend: Backend) => UpstreamRequest;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<ChainResult> {
  const attempts: AttemptRecord[] = [];
  let primaryFailure: Failure | undefined;
  for (const backend of backends) {
    if (signal.aborted) return { kind: 'client-gone', attempts };
    const result = await attemptBackend(fetch, backend, buildRequest(backend), {
      timeoutMs,
      clientSignal: signal,
      keepFailureBody: primaryFailure === undefined,
    });
    if (result.ok) {
      attempts.push({ backend: backend.name, outcome: result.response.status });
      return { kind: 'answered', backend, attempt: result, attempts };
    }
    const failure = result.failure;
    if (failure.kind === 'client-gone') return { kind: 'client-gone', attempts };
    attempts.push({ backend: backend.name, outcome: failure.kind === 'status' ? failure.status : failure.kind });
    primaryFailure ??= failure;
  }
  return { kind: 'all-failed', response: renderFailure(primaryFailure!, backends[0]!), attempts };
}

/** The primary's own answer when it had one (status, body, `Retry-After` …); else 504 or 502. */
function renderFailure(failure: Failure, primary: Backend): Response {
  if (failure.kind === 'status') {
    const headers = buildClientHeaders(failure.headers);
    headers.delete('content-length'); // the body may have been capped; the runtime frames it anew
    return new Response(failure.body.length > 0 ? failure.body : null, { status: failure.status, headers });
  }
  if (failure.kind === 'timeout') {
    return new GatewayError(504, `Backend "${primary.name}" did not respond in time, and no fallback succeeded.`, {
      code: 'upstream_timeout',
    }).getResponse();
  }
  return new GatewayError(502, `Backend "${primary.name}" could not be reached, and no fallback succeeded.`, {
    code: 'upstream_unreachable',
  }).getResponse();
}
