import type { Context } from 'hono';
import type { Backend, GatewayConfig } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import { buildClientHeaders } from '../http/headers.ts';
import { readCall } from '../http/incoming-call.ts';
import type { ConcurrencyLimit } from '../http/limits.ts';
import type { Clock } from '../lifecycle/clock.ts';
import { Fanout } from '../lifecycle/request-end.ts';
import type { Logger } from '../log.ts';
import { chat } from '../protocols/chat.ts';
import type { Protocol } from '../protocols/protocol.ts';
import type { BackendHealth } from '../routing/backend-health.ts';
import type { Route } from '../routing/resolve-chain.ts';
import type { EndSource, FetchLike } from '../runtime-contract.ts';
import { type Settled, commitEarly } from '../stream/early-commit.ts';
import { type GuardOptions, guardBody } from '../stream/guard.ts';
import type { StreamEnd } from '../stream/stream-end.ts';
import { type ChainResult, type FailoverOptions, continueChain, forwardWithFailover } from '../upstream/failover.ts';
import { modelFor } from '../upstream/upstream-request.ts';
import { planCall } from './call-plan.ts';
import { RequestLog } from './request-log.ts';
import { routeHeaders } from './route-headers.ts';
import { translateAnswer } from './translated-answer.ts';

export interface ProxyDeps {
  config: GatewayConfig;
  fetch: FetchLike;
  clock: Clock;
  route: (model: unknown) => Route;
  health: (backend: Backend) => BackendHealth;
  limit: ConcurrencyLimit;
  shutdown?: AbortSignal;
  clientGone: (c: Context) => AbortSignal | EndSource;
  requestHeaders: (c: Context) => Headers;
  log: Logger;
}

/**
 * The request path: read the call → pick the alias → take a slot → try its backends in order
 * → send the answer through the stream guard (or, for a slow stream, commit early and send it
 * behind keep-alives). With a `protocol` the body is JSON naming a model; without one (other
 * `/v1/*` calls) it goes to the default alias untouched.
 */
export function createProxyHandler(deps: ProxyDeps, protocol?: Protocol) {
  const { config, fetch, clock, route, health, limit, log } = deps;
  const { streaming } = config;
  const shuttingDown = deps.shutdown && new Fanout(deps.shutdown);
  const guard: GuardOptions = { protocol: protocol ?? chat, clock, shutdown: deps.shutdown };
  const reading = { maxBodyBytes: config.server.maxBodyBytes, clientTimeoutMs: config.server.clientTimeoutMs, clock, protocol };
  const servedBy = protocol?.servedBy;
  const forced = protocol?.modelFor ?? modelFor;
  // What the log says was sent: the forced model, else the client's; nothing for a body passed on untouched.
  const sentModel = (backend: Backend, requested: unknown) => (protocol ? (forced(backend, requested as string | undefined) ?? requested) : undefined);

  return async (c: Context): Promise<Response> => {
    const { call, body, model, stream } = await readCall(c, deps.requestHeaders(c), reading);
    const { alias, backends: chain } = route(model);
    const backends = servedBy ? servingPart(chain, servedBy, protocol!) : chain;
    if (backends.length === 0) return protocol!.local!(body);
    const gone = deps.clientGone(c);
    const report = new RequestLog(log, clock, call, model, alias, sentModel);
    const freeSlot = await limit.acquire(gone); // held until the answer's body ends
    const end = shuttingDown ? [gone, shuttingDown] : [gone];
    const walk: FailoverOptions = { fetch, clock, health, end, stream, backends, prepare: planCall(call, protocol, body) };
    const pending = forwardWithFailover(walk).then(
      (result) => (report.settled(result), result.kind !== 'answered' && freeSlot(), result),
      (err) => (freeSlot(), Promise.reject(err)),
    );
    const afterBody = (result: ChainResult) => (how: StreamEnd) => (freeSlot(), report.ended(result, how));

    if (stream && streaming.keepaliveAfterMs > 0 && (await clock.outlasts(pending, streaming.keepaliveAfterMs))) {
      const early = commitEarly(pending.then((result) => settledFor(result, walk)), { client: guard.protocol, clock, intervalMs: streaming.keepaliveIntervalMs });
      void pending.then((result) => {
        if (result.kind === 'answered') void early.ended.then(afterBody(result));
      });
      return early.response;
    }
    const result = await pending;
    if (result.kind === 'client-gone') {
      if (deps.shutdown?.aborted) throw new GatewayError(503, 'The gateway is shutting down.', { code: 'gateway_shutdown' });
      return new Response(null, { status: 499 });
    }
    if (result.kind === 'all-failed') return routeHeaders(result.response.headers, result), await adaptFailure(result.response);
    const answer = result.translation
      ? await translateAnswer(result.handle, result.translation, guardFor(result, walk))
      : { ...guardBody(result.handle, guardFor(result, walk)), status: result.handle.status, headers: buildClientHeaders(result.handle.headers) };
    void answer.ended.then(afterBody(result));
    return new Response(answer.body, { status: answer.status, headers: routeHeaders(answer.headers, result) });
  };

  /**
   * How an answer's body is guarded: judged in the protocol the backend answered in, written
   * as it came or by the translation, and resumable (verified) on the rest of the chain.
   */
  function guardFor(result: Answered, walk: FailoverOptions): GuardOptions {
    const resume = streaming.resume && result.rest.length > 0 ? continueChain(result, walk) : undefined;
    const output = result.translation ? (result.handle.sse ? result.translation.stream() : undefined) : result.protocol.passthrough?.();
    return { ...guard, protocol: result.protocol, output, resume };
  }

  /** The first failure, in the client's protocol's error shape. */
  async function adaptFailure(response: Response): Promise<Response> {
    if (!protocol?.adaptFailure) return response;
    const body = protocol.adaptFailure(response.status, new Uint8Array(await response.arrayBuffer()));
    response.headers.delete('content-length');
    return new Response(body, { status: response.status, headers: response.headers });
  }

  /** How the chain settled, as an early-committed stream needs it. */
  function settledFor(result: ChainResult, walk: FailoverOptions): Settled {
    if (result.kind === 'client-gone') return undefined;
    if (result.kind === 'all-failed') return { failure: result.response };
    return { handle: result.handle, backend: result.backend.name, guard: guardFor(result, walk) };
  }
}

type Answered = Extract<ChainResult, { kind: 'answered' }>;

/**
 * The backends of a chain that serve the call's API, in chain order; when none does, none if
 * the gateway answers such calls itself, else the whole chain.
 */
function servingPart(chain: Backend[], servedBy: (backend: Backend) => boolean, protocol: Protocol): Backend[] {
  const serving = chain.filter(servedBy);
  return serving.length > 0 || protocol.local ? serving : chain;
}
