import { Hono } from 'hono';
import type { Backend, GatewayConfig } from './config/types.ts';
import { GatewayError } from './http/errors.ts';
import { type Logger, silentLogger } from './log.ts';
import { BackendHealth } from './routing/backend-health.ts';
import { createRouter } from './routing/resolve-chain.ts';
import { healthReport, listModels } from './routes/info.ts';
import { createProxyHandler } from './routes/proxy.ts';
import type { FetchLike } from './upstream/attempt.ts';

export interface AppOptions {
  config: GatewayConfig;
  /** The client used for every upstream request; each runtime passes its fastest. */
  fetch: FetchLike;
  log?: Logger;
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
export function createApp({ config, fetch, log = silentLogger, now = Date.now }: AppOptions): Hono {
  const states = new Map(Object.values(config.backends).map((b) => [b, new BackendHealth(b, now)]));
  const health = (b: Backend) => states.get(b)!;
  const deps = { config, fetch, log, health, route: createRouter(config) };
  const completions = createProxyHandler(deps, { forceModel: true });
  const app = new Hono();

  app.post('/v1/chat/completions', completions);
  app.post('/v1/completions', completions);
  app.get('/v1/models', () => listModels(config));
  app.get('/health', () => healthReport(config, health));
  app.all('/v1/*', createProxyHandler(deps, { forceModel: false }));

  app.notFound((c) => new GatewayError(404, `No route for ${c.req.method} ${c.req.path}.`, { code: 'not_found' }).getResponse());
  app.onError((err) => {
    if (err instanceof GatewayError) return err.getResponse();
    log.warn(`internal error: ${err instanceof Error ? err.message : String(err)}`);
    return new GatewayError(500, 'The gateway failed to handle this request.', { code: 'internal_error' }).getResponse();
  });
  return app;
}
