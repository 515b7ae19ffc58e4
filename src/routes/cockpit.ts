import type { Context, Hono } from 'hono';
import type { GatewayConfig } from '../config/types.ts';
import { GatewayError } from '../errors.ts';
import type { Alarm } from '../runtime-contract.ts';
import { dashboardRoutes } from '../observe/dashboard.ts';
import type { HealthSource } from '../observe/health-view.ts';
import { MetricsRegistry, metricsHandler } from '../observe/metrics.ts';
import { RecentRequests } from '../observe/recent.ts';

/** The operator's view, kept across reloads: the metrics and the recent requests. */
export interface Cockpit {
  metrics: MetricsRegistry;
  recent: RecentRequests;
}

/** A cockpit for a configuration; `health` reads a backend's breaker by name. */
export function createCockpit(config: GatewayConfig, health: HealthSource, version = '0.1.0'): Cockpit {
  return {
    metrics: new MetricsRegistry({ aliases: Object.keys(config.aliases), backends: Object.keys(config.backends), health, version }),
    recent: new RecentRequests(200),
  };
}

export interface CockpitRouteOptions {
  config: GatewayConfig;
  health: HealthSource;
  /** Whether this caller may see the cockpit: on this machine, or with a client key. */
  allowed: (c: Context) => Promise<boolean>;
  /** Ends when the client leaves: closes its event stream. */
  clientGone: (c: Context) => AbortSignal | { aborted: boolean; listen(fn: () => void): () => void };
  shutdown?: AbortSignal;
  alarm?: Alarm;
}

/**
 * `GET /metrics` (Prometheus text) and the live dashboard (`/dashboard`, its script, style,
 * state and event stream). Both show names from configuration and what requests did, never a
 * prompt, an answer or a key; both answer only callers `allowed` lets in.
 */
export function registerCockpit(app: Hono, cockpit: Cockpit, opts: CockpitRouteOptions): void {
  const guard = async (c: Context, next: () => Promise<void>) => {
    if (!(await opts.allowed(c))) throw new GatewayError(403, 'The metrics and the dashboard answer only on this machine (loopback) or to a client key.', { code: 'forbidden' });
    await next();
  };
  const metrics = metricsHandler(cockpit.metrics);
  app.get('/metrics', guard, (c) => metrics(c.req.raw));
  const routes = dashboardRoutes({ recent: cockpit.recent, metrics: cockpit.metrics, backends: () => Object.keys(opts.config.backends), health: opts.health, shutdown: opts.shutdown, alarm: opts.alarm });
  for (const [path, handler] of Object.entries(routes)) app.get(path, guard, (c) => handler(c.req.raw, signalOf(opts.clientGone(c))));
}

/** The client's leaving as an AbortSignal, which the event stream listens to. */
function signalOf(gone: AbortSignal | { aborted: boolean; listen(fn: () => void): () => void }): AbortSignal {
  if (gone instanceof AbortSignal) return gone;
  const controller = new AbortController();
  if (gone.aborted) controller.abort();
  else gone.listen(() => controller.abort());
  return controller.signal;
}
