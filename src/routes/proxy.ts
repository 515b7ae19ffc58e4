import type { Context } from 'hono';
import type { Backend, GatewayConfig } from '../config/types.ts';
import { GatewayError } from '../http/errors.ts';
import type { ConcurrencyLimit } from '../http/limits.ts';
import { checkJsonContentType, parseJsonObject, readBody } from '../http/read-body.ts';
import type { Logger } from '../log.ts';
import type { BackendHealth } from '../routing/backend-health.ts';
import type { Route } from '../routing/resolve-chain.ts';
import type { FetchLike } from '../upstream/attempt.ts';
import { type ChainResult, forwardWithFailover } from '../upstream/failover.ts';
import { keepaliveStream } from '../upstream/keepalive.ts';
import { formatAttempts, guardAnswer, relayAnswer, routeHeaders } from '../upstream/relay.ts';
import type { GuardOptions, StreamEnd } from '../upstream/stream-guard.ts';
import { type IncomingCall, buildUpstreamRequest } from '../upstream/upstream-request.ts';

export interface ProxyDeps {
  config: GatewayConfig;
  fetch: FetchLike;
  route: (model: unknown) => Route;
  health: (backend: Backend) => BackendHealth;
  limit: ConcurrencyLimit;
  shutdown?: AbortSignal;
  log: Logger;
}

/**
 * The request path: read the body → pick the alias → try its backends in order → relay the
 * answer. `forceModel` is for chat/completions, whose body names a model; any other `/v1/*`
 * request goes to the fast alias with its body untouched.
 */
export function createProxyHandler({ config, fetch, route, health, limit, shutdown, log }: ProxyDeps, { forceModel }: { forceModel: boolean }) {
  return async (c: Context): Promise<Response> => {
    const req = c.req.raw;
    const started = performance.now();
    if (forceModel) checkJsonContentType(req.headers);
    checkPath(c.req.path); // as sent: some runtimes hand over dot segments unresolved
    const url = new URL(req.url);
    const bytes = await readBody(req, config.server.maxBodyBytes, config.server.clientTimeoutMs);
    const body = forceModel ? parseJsonObject(bytes) : undefined;
    const model = body ? body.value.model : 'fast';
    if (model !== undefined && typeof model !== 'string') {
      throw new GatewayError(400, 'The "model" field must be a string.', { param: 'model', code: 'invalid_model' });
    }
    const stream = body?.value.stream === true;
    const { alias, backends } = route(model);
    const call: IncomingCall = { method: req.method, headers: req.headers, url, bytes, json: body && { text: body.text, model } };
    // The client leaving and the end of the shutdown grace both end the upstream request.
    // (Linked by hand and unlinked at the end: AbortSignal.any would leave one listener per
    // request on the long-lived shutdown signal until GC.)
    const scope = new AbortController();
    const abortScope = () => scope.abort();
    req.signal.addEventListener('abort', abortScope);
    shutdown?.addEventListener('abort', abortScope);
    const unlink = () => {
      req.signal.removeEventListener('abort', abortScope);
      shutdown?.removeEventListener('abort', abortScope);
    };
    const signal = scope.signal;
    const forward = (chain: readonly Backend[]) =>
      forwardWithFailover({ fetch, backends: chain, health, signal, stream, buildRequest: (b) => buildUpstreamRequest(b, call) });
    const slot = await limit.acquire(req.signal).catch((err) => (unlink(), Promise.reject(err)));
    const release = () => (slot(), unlink()); // held until the answer's body ends

    const summary = `${req.method} ${call.url.pathname} model=${String(model)} alias=${alias}`;
    const took = () => `${Math.round(performance.now() - started)}ms`;
    const onEnd = (result: ChainResult) => (end: StreamEnd) => {
      release();
      if (end !== 'complete') log.warn(`${summary} attempts=${formatAttempts(result.attempts)} → body ended: ${end} after ${took()}`);
    };
    const resume = (result: Extract<ChainResult, { kind: 'answered' }>): GuardOptions['resume'] =>
      config.streaming.resume && result.rest.length > 0
        ? async () => {
            const next = await forward(result.rest);
            if (next.kind !== 'answered' || !next.answer.sse || !next.answer.reader) return undefined;
            log.warn(`${summary} → resuming on ${next.backend.name} (attempts=${formatAttempts(next.attempts)})`);
            const { answer } = next;
            return { prelude: answer.prelude, reader: answer.reader!, abort: () => (answer.upstream.abort(), answer.release()), signal: answer.upstream.signal };
          }
        : undefined;

    const settle = (result: ChainResult): ChainResult => {
      if (result.kind !== 'answered') release();
      const attempts = formatAttempts(result.attempts);
      if (result.kind === 'client-gone') log.request(`${summary} attempts=${attempts} → client left after ${took()}`);
      else if (result.kind === 'all-failed') log.warn(`${summary} attempts=${attempts} → every backend failed, answered ${result.response.status} in ${took()}`);
      else log.request(`${summary} attempts=${attempts} → ${result.backend.name} ${result.answer.status} in ${took()}`);
      return result;
    };

    const pending = forward(backends).then(settle, (err) => {
      release();
      throw err;
    });
    const slow = stream && config.streaming.keepaliveAfterMs > 0 && (await isSlow(pending, config.streaming.keepaliveAfterMs));
    if (slow) {
      const body = keepaliveStream(
        pending.then(async (result) => {
          if (result.kind === 'client-gone') return undefined;
          if (result.kind === 'all-failed') return { error: await inBandError(result.response) };
          const out = guardAnswer(result.answer, { idleMs: result.backend.policy.idleTimeoutMs, onEnd: onEnd(result), resume: resume(result), shutdown });
          if (result.answer.status === 200 && out instanceof ReadableStream) return { body: out };
          return { error: { message: `Backend "${result.backend.name}" answered ${result.answer.status}.`, code: 'upstream_error' } };
        }),
        config.streaming.keepaliveIntervalMs,
      );
      return new Response(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-understudy-committed': 'early' } });
    }

    const result = await pending;
    if (result.kind === 'client-gone') {
      if (shutdown?.aborted) throw new GatewayError(503, 'The gateway is shutting down.', { code: 'gateway_shutdown' });
      return new Response(null, { status: 499 });
    }
    if (result.kind === 'all-failed') {
      routeHeaders(result.response.headers, result);
      return result.response;
    }
    return relayAnswer(result.answer, { backend: result.backend, attempts: result.attempts, onEnd: onEnd(result), resume: resume(result), shutdown });
  };
}

/** Whether the chain is still unsettled after `afterMs`. */
async function isSlow(pending: Promise<ChainResult>, afterMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((r) => (timer = setTimeout(r, afterMs, 'slow')));
  const first = await Promise.race([pending, slow]);
  clearTimeout(timer);
  return first === 'slow';
}

async function inBandError(response: Response): Promise<{ message: string; code: string }> {
  const text = await response.text().catch(() => '');
  let message = `Every backend failed; the first answered ${response.status}.`;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    if (parsed.error?.message) message = parsed.error.message;
  } catch {}
  return { message, code: `upstream_${response.status}` };
}

/**
 * The path goes under each backend's base path as is, so it must not be able to climb out
 * of it: no dot segments, and no encoded slash, backslash or dot that an upstream might
 * decode into one. No OpenAI endpoint needs them.
 */
function checkPath(pathname: string): void {
  if (/%2e|%2f|%5c|\\|(^|\/)\.\.?(\/|$)/i.test(pathname)) {
    throw new GatewayError(400, 'The request path contains dot segments or encoded separators.', { code: 'invalid_path' });
  }
}
