import type { BreakerSnapshot, HealthSource } from './health-view.ts';
import type { FailoverCount } from './metrics.ts';
import type { RecentEntry, RecentRequests } from './recent.ts';

/** Where the dashboard's data comes from. */
export interface DashboardSource {
  /** The last requests (`RecentRequests`, fed as a `RecordSink`). */
  recent: RecentRequests;
  /** The configured backend names, read each time (a reload may change them). */
  backends: () => readonly string[];
  /** Each backend's breaker now. */
  health: HealthSource;
  /** Totals and failovers since start (the `MetricsRegistry`); without it they show as empty. */
  metrics?: { readonly inFlight: number; requestCount(): number; failoverCounts(): FailoverCount[] };
}

/** A breaker as the dashboard shows it. */
export type BreakerRow = BreakerSnapshot & { name: string };

/** A backend as the dashboard shows it: its breaker and, where it keeps them, each model's. */
export type BackendRow = BreakerRow & { models: BreakerRow[] };

/** What the dashboard shows except the recent requests: it changes with time as well as with requests. */
export interface DashboardHealth {
  time: string;
  backends: BackendRow[];
  failovers: FailoverCount[];
  totals: { requests: number; in_flight: number };
}

/** Everything the page shows: `GET /dashboard/state`, and the first event of `/dashboard/events`. */
export interface DashboardState extends DashboardHealth {
  recent: RecentEntry[];
}

/** Most per-model breakers listed under one backend: the names may come from clients. */
const MAX_MODELS_SHOWN = 50;

/** Only the breaker fields the dashboard promises, whatever else a snapshot carries. */
function breakerRow(name: string, s: BreakerSnapshot): BreakerRow {
  const last = s.last_failure && { at: s.last_failure.at, reason: s.last_failure.reason };
  return { name, state: s.state, consecutive_failures: s.consecutive_failures, last_failure: last, cooling_until: s.cooling_until };
}

/** The backends, failovers and totals now. */
export function readHealth(source: DashboardSource, now = Date.now()): DashboardHealth {
  const backends: BackendRow[] = [];
  for (const name of source.backends()) {
    const view = source.health(name);
    if (!view) continue;
    const models = Object.entries(view.models ?? {}).slice(0, MAX_MODELS_SHOWN).map(([model, s]) => breakerRow(model, s));
    backends.push({ ...breakerRow(name, view), models });
  }
  const metrics = source.metrics;
  return {
    time: new Date(now).toISOString(),
    backends,
    failovers: metrics?.failoverCounts() ?? [],
    totals: { requests: metrics?.requestCount() ?? 0, in_flight: metrics?.inFlight ?? 0 },
  };
}

/** Everything the page shows, now. */
export function readState(source: DashboardSource, now = Date.now()): DashboardState {
  return { ...readHealth(source, now), recent: source.recent.list() };
}

/** JSON with every field present: a value not known yet is `null`, not left out, so readers see one shape. */
export function stateJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === undefined ? null : v));
}
