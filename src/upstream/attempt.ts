import type { Backend } from '../config/types.ts';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface UpstreamRequest {
  url: string;
  method: string;
  headers: Headers;
  body: BodyInit | null;
}

/** Why a backend could not be used; each of these moves on to the next backend. */
export type Failure =
  | { kind: 'status'; status: number; headers: Headers; body: Uint8Array<ArrayBuffer> }
  | { kind: 'timeout' }
  | { kind: 'unreachable'; cause: unknown };

export type AttemptResult =
  | { ok: true; response: Response; upstream: AbortController; release: () => void }
  | { ok: false; failure: Failure }
  | { ok: false; failure: { kind: 'client-gone' } };

/** A response that moves on to the next backend: server errors and rate limits. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** Most of a failed backend's body the gateway keeps, to answer with it if every backend fails. */
const FAILURE_BODY_LIMIT = 1 << 20;

/**
 * Sends one request to one backend and classifies the result. The upstream request is
 * aborted when the client leaves or the response does not start within `timeoutMs`.
 * On success the caller owns `upstream` (to abort it) and must call `release` when done.
 */
export async function attemptBackend(
  fetch: FetchLike,
  backend: Backend,
  req: UpstreamRequest,
  { timeoutMs, clientSignal, keepFailureBody }: { timeoutMs: number; clientSignal: AbortSignal; keepFailureBody: boolean },
): Promise<AttemptResult> {
  const upstream = new AbortController();
  const onClientAbort = () => upstream.abort(clientSignal.reason);
  clientSignal.addEventListener('abort', onClientAbort);
  const release = () => clientSignal.removeEventListener('abort', onClientAbort);
  let timedOut = false;
  let handedOver = false;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          upstream.abort(new Error(`${backend.name} did not respond within ${timeoutMs} ms`));
        }, timeoutMs)
      : undefined;

  try {
    const response = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal: upstream.signal, redirect: 'manual' });
    if (!isRetryableStatus(response.status)) {
      handedOver = true;
      return { ok: true, response, upstream, release };
    }
    // The timer keeps running: a failure body that never ends must not hang the failover.
    const body = keepFailureBody ? await readCapped(response, FAILURE_BODY_LIMIT) : new Uint8Array();
    if (!keepFailureBody) await response.body?.cancel().catch(() => {});
    return { ok: false, failure: { kind: 'status', status: response.status, headers: response.headers, body } };
  } catch (cause) {
    if (clientSignal.aborted) return { ok: false, failure: { kind: 'client-gone' } };
    if (timedOut) return { ok: false, failure: { kind: 'timeout' } };
    return { ok: false, failure: { kind: 'unreachable', cause } };
  } finally {
    clearTimeout(timer);
    if (!handedOver) release();
  }
}

async function readCapped(response: Response, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= limit) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const out = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const c of chunks) {
    out.set(c.subarray(0, out.length - offset), offset);
    offset += Math.min(c.length, out.length - offset);
  }
  return out;
}
