import type { Context, Hono } from 'hono';
import { HonoBase } from 'hono/hono-base';
import type { Backend, GatewayConfig } from './config/types.ts';
import { GatewayError } from './errors.ts';
import { createKeyCheck, isLoopbackAddress, namesThisMachine, unauthorized } from './http/client-auth.ts';
import { ConcurrencyLimit, checkHeaders } from './http/limits.ts';
import { RouteTable } from './http/route-table.ts';
import { describeInternalError } from './internal-error.ts';
import type { Clock } from './lifecycle/clock.ts';
import { type Logger, silentLogger } from './log.ts';
import { fanOut } from './observe/fan-out.ts';
import type { HealthSource } from './observe/health-view.ts';
import { loggingSink } from './observe/log-record.ts';
import { chat } from './protocols/chat.ts';
import { embeddings } from './protocols/embeddings.ts';
import { countTokens, messages } from './protocols/messages/protocol.ts';
import { compactProtocol, createResponsesProtocol } from './protocols/responses/protocol.ts';
import type { ResponseStore } from './protocols/responses/store.ts';
import { createRouter } from './routing/resolve-chain.ts';
import { type AdminControl, registerAdmin } from './routes/admin.ts';
import { registerCockpit } from './routes/cockpit.ts';
import { healthReport, listModels, retrieveModel } from './routes/info.ts';
import { type ProxyDeps, createProxyHandler } from './routes/proxy.ts';
import type { RuntimeParts } from './runtime-contract.ts';
import { type SharedState, createSharedState } from './shared-state.ts';

export interface AppOptions extends RuntimeParts {
  config: GatewayConfig;
  log?: Logger;
  /** Aborted when the shutdown grace period is over: streams still open end with an in-band error. */
  shutdown?: AbortSignal;
  /** What outlives this configuration (clock, health, stored responses, cockpit); a reload hands on the last app's. */
  shared?: SharedState;
  /** The clock every wait runs on, when no shared state is given; tests hand in a fake one. */
  clock?: Clock;
  /** Reload and rollback, for `/admin/reload` and `/admin/rollback`; absent, those answer 501. */
  control?: AdminControl;
}

/**
 * The gateway as a web-standard Hono app: every runtime entry and every test builds it here.
 *
 * @example
 * const app = createApp({ config: loadConfig(undefined, { FAST_BASE_URL: 'http://127.0.0.1:9000/v1' }), fetch });
 * const res = await app.request('/v1/models');
 */
export function createApp(options: AppOptions): Hono {
  const { config, fetch, log = silentLogger, shutdown, clientAddress = () => undefined } = options;
  const clientGone = options.clientGone ?? ((c: Context) => c.req.raw.signal);
  const requestHeaders = options.requestHeaders ?? ((c: Context) => c.req.raw.headers);
  const shared = options.shared ?? createSharedState(config, { clock: options.clock, alarm: options.alarm });
  const { clock, cockpit } = shared;
  // Each backend's health resolved once per configuration: the request path does a map lookup.
  const healthByBackend = new Map(Object.values(config.backends).map((b) => [b, shared.health.of(b)]));
  const health = (b: Backend) => healthByBackend.get(b)!;
  const healthOf: HealthSource = (name) => (config.backends[name] ? health(config.backends[name]).snapshot() : undefined);
  const limit = new ConcurrencyLimit(config.server.maxConcurrent, config.server.queueTimeoutMs, clock);
  const records = fanOut(cockpit.metrics, cockpit.recent, loggingSink(log));
  const deps = { config, fetch, clock, records, health, limit, shutdown, clientGone, requestHeaders, requestBody: options.requestBody, route: createRouter(config) };
  const keyCheck = config.server.apiKeys.length > 0 ? createKeyCheck(config.server.apiKeys) : undefined;
  const keyed = async (c: Context) => keyCheck !== undefined && (await keyCheck(requestHeaders(c)));
  // This machine, by its address and by the name it was asked for (no DNS rebinding), or a client key.
  const local = (c: Context) => isLoopbackAddress(clientAddress(c)) && namesThisMachine(new URL(c.req.url).host, config.server.host);
  const trusted = async (c: Context) => local(c) || (await keyed(c));
  const app: Hono = new HonoBase({ router: new RouteTable() });

  app.use(async (c, next) => {
    checkHeaders(requestHeaders(c), { maxBytes: config.server.maxHeaderBytes, maxCount: config.server.maxHeaderCount }, options.headerLines?.(c));
    await next();
  });
  if (keyCheck) {
    app.use('/v1/*', async (c, next) => {
      if (!(await keyCheck(requestHeaders(c)))) throw unauthorized();
      await next();
    });
  }
  app.use('/admin/*', async (c, next) => {
    if (!(await trusted(c))) throw new GatewayError(403, 'Administrative endpoints answer only on this machine (loopback) or to a client key.', { code: 'forbidden' });
    await next();
  });

  registerApis(app, deps, shared.responses);
  app.get('/v1/models', () => listModels(config));
  app.get('/v1/models/*', (c) => retrieveModel(config, c.req.path.slice('/v1/models/'.length)));
  app.on(['GET', 'POST', 'DELETE'], '/v1/*', createProxyHandler(deps));
  app.all('/v1/*', (c) => {
    throw new GatewayError(405, `Method ${c.req.method} is not allowed here.`, { code: 'method_not_allowed' });
  });
  // Probes always get 200; backend detail only for this machine or a client with a key.
  app.get('/health', async (c) => healthReport(config, health, await trusted(c)));
  registerAdmin(app, config, options.control);
  registerCockpit(app, cockpit, { config, health: healthOf, allowed: trusted, clientGone, shutdown, alarm: options.alarm });
  // Claude Code probes the base URL (HEAD, which Hono answers from GET) before its first request.
  app.get('/', () => new Response('understudy\n', { headers: { 'content-type': 'text/plain' } }));

  // Errors are written in the shape of the API the path belongs to.
  const shapeOf = (path: string) => (path.startsWith('/v1/messages') ? messages : chat);
  app.notFound((c) => shapeOf(c.req.path).errorResponse(new GatewayError(404, `No route for ${c.req.method} ${c.req.path}.`, { code: 'not_found' })));
  app.onError((err, c) => {
    if (err instanceof GatewayError) return shapeOf(c.req.path).errorResponse(err);
    log.warn(`internal error: ${describeInternalError(err)}`);
    return shapeOf(c.req.path).errorResponse(new GatewayError(500, 'The gateway failed to handle this request.', { code: 'internal_error' }));
  });
  return app;
}

/** Each API's front door: chat and text completions, Responses, embeddings, Messages. */
function registerApis(app: Hono, deps: ProxyDeps, store: ResponseStore): void {
  const completions = createProxyHandler(deps, chat);
  const responses = createResponsesProtocol(store);
  app.post('/v1/chat/completions', completions);
  app.post('/v1/completions', completions);
  app.post('/v1/responses', createProxyHandler(deps, responses));
  app.post('/v1/responses/compact', createProxyHandler(deps, compactProtocol(responses)));
  app.post('/v1/embeddings', createProxyHandler(deps, embeddings));
  app.post('/v1/messages', createProxyHandler(deps, messages));
  app.post('/v1/messages/count_tokens', createProxyHandler(deps, countTokens));
  // Codex CLI tries a WebSocket first: refused at once, it falls back to HTTPS with no delay.
  app.get('/v1/responses', (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new GatewayError(405, 'Use POST /v1/responses.', { code: 'method_not_allowed' });
    throw new GatewayError(426, 'This gateway serves the Responses API over HTTPS (POST /v1/responses), not WebSockets.', { code: 'websocket_unsupported' });
  });
}
