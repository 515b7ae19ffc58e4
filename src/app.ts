import type { Context, Hono } from 'hono';
import { HonoBase } from 'hono/hono-base';
import type { Backend, GatewayConfig } from './config/types.ts';
import { GatewayError } from './errors.ts';
import { createKeyCheck, isLoopbackAddress, unauthorized } from './http/client-auth.ts';
import { ConcurrencyLimit, checkHeaders } from './http/limits.ts';
import { RouteTable } from './http/route-table.ts';
import { Clock } from './lifecycle/clock.ts';
import { type Logger, silentLogger } from './log.ts';
import { chat } from './protocols/chat.ts';
import { embeddings } from './protocols/embeddings.ts';
import { countTokens, messages } from './protocols/messages/protocol.ts';
import { compactProtocol, createResponsesProtocol } from './protocols/responses/protocol.ts';
import { ResponseStore } from './protocols/responses/store.ts';
import { BackendHealth } from './routing/backend-health.ts';
import { createRouter } from './routing/resolve-chain.ts';
import { configReport, healthReport, listModels, retrieveModel } from './routes/info.ts';
import { createProxyHandler } from './routes/proxy.ts';
import { type Cockpit, createCockpit, registerCockpit } from './routes/cockpit.ts';
import { fanOut } from './observe/fan-out.ts';
import type { HealthSource } from './observe/health-view.ts';
import { loggingSink } from './observe/log-record.ts';
import type { RuntimeParts } from './runtime-contract.ts';
import { describeInternalError } from './internal-error.ts';

export interface AppOptions extends RuntimeParts {
  config: GatewayConfig;
  log?: Logger;
  /** The metrics and the dashboard's recent requests; by default a new pair (a reload hands the old one on). */
  cockpit?: Cockpit;
  /** Aborted when the shutdown grace period is over: streams still open end with an in-band error. */
  shutdown?: AbortSignal;
  /** The clock every wait runs on; by default one on the runtime's `alarm`. Tests hand in a fake one. */
  clock?: Clock;
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
  const headerLines = options.headerLines;
  const clock = options.clock ?? new Clock({ alarm: options.alarm });
  const states = new Map(Object.values(config.backends).map((b) => [b, new BackendHealth(b, clock.wallTime)]));
  const health = (b: Backend) => states.get(b)!;
  const limit = new ConcurrencyLimit(config.server.maxConcurrent, config.server.queueTimeoutMs, clock);
  const healthOf: HealthSource = (name) => (config.backends[name] ? health(config.backends[name]).snapshot() : undefined);
  const cockpit = options.cockpit ?? createCockpit(config, healthOf);
  const records = fanOut(cockpit.metrics, cockpit.recent, loggingSink(log));
  const deps = { config, fetch, clock, records, health, limit, shutdown, clientGone, requestHeaders, route: createRouter(config) };
  const keyCheck = config.server.apiKeys.length > 0 ? createKeyCheck(config.server.apiKeys) : undefined;
  const fromThisMachine = (c: Context) => isLoopbackAddress(clientAddress(c));
  const app: Hono = new HonoBase({ router: new RouteTable() });

  app.use(async (c, next) => {
    checkHeaders(requestHeaders(c), { maxBytes: config.server.maxHeaderBytes, maxCount: config.server.maxHeaderCount }, headerLines?.(c));
    await next();
  });
  if (keyCheck) {
    app.use('/v1/*', async (c, next) => {
      if (!(await keyCheck(requestHeaders(c)))) throw unauthorized();
      await next();
    });
  }
  app.use('/admin/*', async (c, next) => {
    if (!fromThisMachine(c)) throw new GatewayError(403, 'Administrative endpoints answer only on this machine (loopback).', { code: 'forbidden' });
    await next();
  });

  const completions = createProxyHandler(deps, chat);
  const responses = createResponsesProtocol(new ResponseStore({ now: clock.wallTime }));
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
  app.get('/v1/models', () => listModels(config));
  app.get('/v1/models/*', (c) => retrieveModel(config, c.req.path.slice('/v1/models/'.length)));
  app.on(['GET', 'POST', 'DELETE'], '/v1/*', createProxyHandler(deps));
  app.all('/v1/*', (c) => {
    throw new GatewayError(405, `Method ${c.req.method} is not allowed here.`, { code: 'method_not_allowed' });
  });
  // Probes always get 200; backend detail only for this machine or a client with a key.
  app.get('/health', async (c) => healthReport(config, health, fromThisMachine(c) || (keyCheck !== undefined && (await keyCheck(requestHeaders(c))))));
  app.get('/admin/config', () => configReport(config));
  registerCockpit(app, cockpit, { config, health: healthOf, allowed: async (c) => fromThisMachine(c) || (keyCheck !== undefined && (await keyCheck(requestHeaders(c)))), clientGone, shutdown, alarm: options.alarm });

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
