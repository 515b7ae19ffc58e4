import type { Context } from 'hono';
import type { Backend, GatewayConfig } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import { readCall } from '../http/incoming-call.ts';
import type { ConcurrencyLimit } from '../http/limits.ts';
import type { Clock } from '../lifecycle/clock.ts';
import { Fanout } from '../lifecycle/request-end.ts';
import type { RecordSink } from '../observe/request-record.ts';
import { chat } from '../protocols/chat.ts';
import type { Protocol } from '../protocols/protocol.ts';
import type { BackendHealth } from '../routing/backend-health.ts';
import type { Route } from '../routing/resolve-chain.ts';
import type { EndSource, FetchLike } from '../runtime-contract.ts';
import { commitEarly } from '../stream/early-commit.ts';
import type { BodyEnd, GuardOptions } from '../stream/guard.ts';
import { type FailoverOptions, forwardWithFailover } from '../upstream/failover.ts';
import { modelFor } from '../upstream/upstream-request.ts';
import { planCall } from './call-plan.ts';
import { RequestReport } from './request-report.ts';
import { routeHeaders } from './route-headers.ts';
import { failureFor, readyAnswer, settledFor } from './answer.ts';

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
  requestBody?: (c: Context) => Promise<Uint8Array<ArrayBuffer>>;
  /** Where each request's record goes: the log, the metrics, the dashboard. */
  records: RecordSink;
}

/**
 * The request path: read the call → pick the alias → take a slot → try its backends in order
 * → send the answer through the stream guard (or, for a slow stream, commit early and send it
 * behind keep-alives). With a `protocol` the body is JSON naming a model; without one (other
 * `/v1/*` calls) it goes to the default alias untouched.
 */
export function createProxyHandler(deps: ProxyDeps, protocol?: Protocol) {
  const { config, fetch, clock, route, health, limit, records } = deps;
  const { streaming } = config;
  const shuttingDown = deps.shutdown && new Fanout(deps.shutdown);
  const guard: GuardOptions = { protocol: protocol ?? chat, clock, shutdown: deps.shutdown };
  const reading = { maxBodyBytes: config.server.maxBodyBytes, clientTimeoutMs: config.server.clientTimeoutMs, clock, protocol, requestBody: deps.requestBody };
  const servedBy = protocol?.servedBy;
  const forced = protocol?.modelFor ?? modelFor;
  const api = protocol?.name ?? 'other';

  return async (c: Context): Promise<Response> => {
    const { call, body, model, stream } = await readCall(c, deps.requestHeaders(c), reading);
    const { alias, backends: chain } = route(model);
    const backends = servedBy ? servingPart(chain, servedBy, protocol!) : chain;
    if (backends.length === 0) return protocol!.local!(body);
    const gone = deps.clientGone(c);
    const report = new RequestReport(records, clock, call, { api, model, alias, stream });
    const freeSlot = await limit.acquire(gone).catch((err) => (report.refused(err), Promise.reject(err))); // held until the body ends
    const end = shuttingDown ? [gone, shuttingDown] : [gone];
    // The model each backend is sent: the forced one, else the client's; none for a body passed on untouched.
    const sent = (backend: Backend) => (protocol && typeof model === 'string' ? (forced(backend, model) ?? model) : undefined);
    const walk: FailoverOptions = { fetch, clock, health, modelOf: sent, end, stream, backends, prepare: planCall(call, protocol, body, chain[0]) };
    report.walking();
    const pending = forwardWithFailover(walk).then(
      (result) => (result.kind !== 'answered' && freeSlot(), result),
      (err) => (freeSlot(), report.refused(err), Promise.reject(err)),
    );
    const afterBody = (end: BodyEnd) => (freeSlot(), report.ended(end));

    if (stream && streaming.keepaliveAfterMs > 0 && (await clock.outlasts(pending, streaming.keepaliveAfterMs))) {
      const early = commitEarly(pending.then((result) => settledFor(result, walk, guard, streaming.resume)), { client: guard.protocol, clock, intervalMs: streaming.keepaliveIntervalMs });
      void pending.then((result) => report.settled(result, 200, sent));
      void early.ended.then(afterBody);
      return early.response;
    }
    const result = await pending;
    if (result.kind === 'client-gone') {
      report.settled(result, 499, sent);
      report.ended({ how: 'client-gone', usage: undefined });
      if (deps.shutdown?.aborted) throw new GatewayError(503, 'The gateway is shutting down.', { code: 'gateway_shutdown' });
      return new Response(null, { status: 499 });
    }
    if (result.kind === 'all-failed') {
      report.settled(result, result.response.status, sent);
      report.ended({ how: 'complete', usage: undefined });
      return routeHeaders(result.response.headers, result), await failureFor(result.response, protocol);
    }
    const answer = await readyAnswer(result, walk, guard, streaming.resume);
    report.settled(result, answer.status, sent);
    void answer.ended.then(afterBody);
    return new Response(answer.body, { status: answer.status, headers: routeHeaders(answer.headers, result) });
  };
}

/**
 * The backends of a chain that serve the call's API, in chain order; when none does, none if
 * the gateway answers such calls itself, else the whole chain.
 */
function servingPart(chain: Backend[], servedBy: (backend: Backend) => boolean, protocol: Protocol): Backend[] {
  const serving = chain.filter(servedBy);
  return serving.length > 0 || protocol.local ? serving : chain;
}
