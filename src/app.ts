import type { Context, Hono } from 'hono';
import { HonoBase } from 'hono/hono-base';
import type { Backend, GatewayConfig } from './config/types.ts';
import { createKeyCheck, isLoopbackAddress, unauthorized } from './http/client-auth.ts';
import { GatewayError } from './http/errors.ts';
import { ConcurrencyLimit, checkHeaders } from './http/limits.ts';
import { RouteTable } from './http/route-table.ts';
import type { EndSource } from './http/request-scope.ts';
import { type Logger, silentLogger } from './log.ts';
import { BackendHealth } from './routing/backend-health.ts';
import { createRouter } from './routing/resolve-chain.ts';
import { configReport, healthReport, listModels, retrieveModel } from './routes/info.ts';
import { createProxyHandler } from './routes/proxy.ts';
import type { FetchLike } from './upstream/attempt.ts';

export interface AppOptions {
  config: GatewayConfig;
  /** The client used for every upstream request; each runtime passes its fastest. */
  fetch: FetchLike;
  log?: Logger;
  /** The caller's IP address, which only the runtime knows; unknown callers count as remote. */
  clientAddress?: (c: Context) => string | undefined;
  /** Ends when the client leaves before its answer is done; by default the request's own signal. */
  clientGone?: (c: Context) => AbortSignal | EndSource;
  /** The client's headers, read only; by default the request's own. Called more than once per request. */
  requestHeaders?: (c: Context) => Headers;
  /** How many header lines the client sent, where the runtime knows (`Headers` joins repeated names into one field). */
  headerLines?: (c: Context) => number;
  /** Aborted when the shutdown grace period is over: streams still open end with an in-band error. */
  shutdown?: AbortSignal;
  /** Epoch milliseconds; injected by tests of cooldowns. */
  now?: () => number;
}

/**
 * The gateway as a web-standard Hono app: every runtime entry and every test builds it here.
 *
 * @example
 * const app = createApp({ config: loadConfig(undefined, { FAST_BASE_URL: 'http://127.0.0.1:9000/v1' }), fetch });
 * const res = await app.request('/v1/models');
 */
export function createApp({ config, fetch, log = silentLogger, clientAddress = () => undefined, clientGone = (c) => c.req.raw.signal, requestHeaders = (c) => c.req.raw.headers, headerLines, shutdown, now = Date.now }: AppOptions): Hono {
  const states = new Map(Object.values(config.backends).map((b) => [b, new BackendHealth(b, now)]));
  const health = (b: Backend) => states.get(b)!;
  const limit = new ConcurrencyLimit(config.server.maxConcurrent, config.server.queueTimeoutMs);
  const deps = { config, fetch, log, health, limit, shutdown, clientGone, requestHeaders, route: createRouter(config) };
  const completions = createProxyHandler(deps, { completions: true });
  const passthrough = createProxyHandler(deps, { completions: false });
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

  app.post('/v1/chat/completions', completions);
  app.post('/v1/completions', completions);
  app.get('/v1/models', () => listModels(config));
  app.get('/v1/models/*', (c) => retrieveModel(config, c.req.path.slice('/v1/models/'.length)));
  app.on(['GET', 'POST', 'DELETE'], '/v1/*', passthrough);
  app.all('/v1/*', (c) => {
    throw new GatewayError(405, `Method ${c.req.method} is not allowed here.`, { code: 'method_not_allowed' });
  });
  // Probes always get 200; backend detail only for this machine or a client with a key.
  app.get('/health', async (c) => healthReport(config, health, fromThisMachine(c) || (keyCheck !== undefined && (await keyCheck(requestHeaders(c))))));
  app.get('/admin/config', () => configReport(config));

  app.notFound((c) => new GatewayError(404, `No route for ${c.req.method} ${c.req.path}.`, { code: 'not_found' }).getResponse());
  app.onError((err) => {
    if (err instanceof GatewayError) return err.getResponse();
    log.warn(`internal error: ${err instanceof Error ? err.name : 'unknown'}`);
    return new GatewayError(500, 'The gateway failed to handle this request.', { code: 'internal_error' }).getResponse();
  });
  return app;
}
