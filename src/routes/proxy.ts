import type { Context } from 'hono';
import type { Backend, GatewayConfig } from '../config/types.ts';
import { GatewayError } from '../http/errors.ts';
import { readCall } from '../http/incoming-call.ts';
import type { ConcurrencyLimit } from '../http/limits.ts';
import { type EndSource, Fanout } from '../http/request-scope.ts';
import type { Logger } from '../log.ts';
import type { BackendHealth } from '../routing/backend-health.ts';
import { outlasts } from '../timing/deadlines.ts';
import type { Route } from '../routing/resolve-chain.ts';
import type { FetchLike } from '../upstream/attempt.ts';
import { earlyCommit } from '../upstream/early-commit.ts';
import { type ChainResult, forwardWithFailover } from '../upstream/failover.ts';
import { type BodyWatch, formatAttempts, guardAnswer, relayAnswer, routeHeaders } from '../upstream/relay.ts';
import type { GuardOptions, StreamEnd } from '../upstream/stream-guard.ts';
import { buildUpstreamRequest, modelFor } from '../upstream/upstream-request.ts';

export interface ProxyDeps {
  config: GatewayConfig;
  fetch: FetchLike;
  route: (model: unknown) => Route;
  health: (backend: Backend) => BackendHealth;
  limit: ConcurrencyLimit;
  shutdown?: AbortSignal;
  clientGone: (c: Context) => AbortSignal | EndSource;
  requestHeaders: (c: Context) => Headers;
  log: Logger;
}

type Answered = Extract<ChainResult, { kind: 'answered' }>;

/**
 * The request path: read the call → pick the alias → take a slot → try its backends in
 * order → relay the answer (or, for a slow stream, commit early and relay it behind
 * keep-alives). `completions` is for chat/completions, whose body names a model; any other
 * `/v1/*` request goes to the fast alias with its body untouched.
 */
export function createProxyHandler({ config, fetch, route, health, limit, shutdown, clientGone, requestHeaders, log }: ProxyDeps, { completions }: { completions: boolean }) {
  const { server, streaming } = config;
  const shuttingDown = shutdown && new Fanout(shutdown);
  return async (c: Context): Promise<Response> => {
    const started = performance.now();
    const { call, model, stream } = await readCall(c, requestHeaders(c), { maxBodyBytes: server.maxBodyBytes, clientTimeoutMs: server.clientTimeoutMs, completions });
    const { alias, backends } = route(model);
    const gone = clientGone(c);
    const end = shuttingDown ? [gone, shuttingDown] : [gone];
    const release = await limit.acquire(gone); // held until the answer's body ends
    const modelOf = (b: Backend) => call.json && (modelFor(b, call.json.model) ?? call.json.model);
    const forward = (chain: readonly Backend[]) =>
      forwardWithFailover({ fetch, backends: chain, health, modelOf, end, stream, buildRequest: (b) => buildUpstreamRequest(b, call) });

    // Log lines are built only when written.
    const summary = (result: ChainResult) => `${call.method} ${call.url.pathname} model=${String(model)} alias=${alias} attempts=${formatAttempts(result.attempts)}`;
    const took = () => `${Math.round(performance.now() - started)}ms`;
    const settle = (result: ChainResult): ChainResult => {
      if (result.kind !== 'answered') release();
      if (result.kind === 'client-gone') log.request(() => `${summary(result)} → client left after ${took()}`);
      else if (result.kind === 'all-failed') log.warn(`${summary(result)} → every backend failed, answered ${result.response.status} in ${took()}`);
      else log.request(() => `${summary(result)} → ${result.backend.name} ${result.answer.status} in ${took()}`);
      return result;
    };
    const watch = (result: Answered): BodyWatch => ({
      idleMs: result.backend.policy.idleTimeoutMs,
      shutdown,
      resume: resumeOn(result.rest),
      onEnd: (end: StreamEnd) => {
        release();
        if (end !== 'complete') log.warn(`${summary(result)} → body ended: ${end} after ${took()}`);
      },
    });
    // Verified resume: the rest of the chain answers the same request, behind the first answer.
    const resumeOn = (rest: Backend[]): GuardOptions['resume'] =>
      streaming.resume && rest.length > 0
        ? async () => {
            const next = await forward(rest);
            if (next.kind !== 'answered' || !next.answer.sse || !next.answer.reader) return undefined;
            log.warn(`${summary(next)} → resuming on ${next.backend.name}`);
            const { answer } = next;
            return { prelude: answer.prelude, reader: answer.reader!, abort: () => (answer.upstream.abort(), answer.release()), upstream: answer.upstream };
          }
        : undefined;

    const pending = forward(backends).then(settle, (err) => (release(), Promise.reject(err)));
    if (stream && streaming.keepaliveAfterMs > 0 && (await outlasts(pending, streaming.keepaliveAfterMs))) {
      const toStream = (result: Answered) => {
        const body = guardAnswer(result.answer, watch(result));
        return body instanceof ReadableStream ? body : undefined;
      };
      return earlyCommit(pending, toStream, streaming.keepaliveIntervalMs);
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
    return relayAnswer(result.answer, result.backend, result.attempts, watch(result));
  };
}
