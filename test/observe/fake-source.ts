import type { DashboardDeps } from '../../src/observe/dashboard.ts';
import type { BackendView } from '../../src/observe/health-view.ts';
import { MetricsRegistry } from '../../src/observe/metrics.ts';
import { RecentRequests } from '../../src/observe/recent.ts';
import type { RequestRecord } from '../../src/observe/request-record.ts';
import { answeredPart, makeRecord } from './records.ts';

export const healthy = (): BackendView => ({ state: 'healthy', cooling_until: null, consecutive_failures: 0, last_failure: null });

/** A dashboard data source whose breakers the test sets, with a metrics registry and recent list fed together. */
export function fakeSource(options: Partial<DashboardDeps> = {}) {
  const health: Record<string, BackendView> = { fast: healthy(), smart: healthy() };
  const recent = new RecentRequests(200);
  const metrics = new MetricsRegistry({ aliases: ['fast', 'smart'], backends: ['fast', 'smart'], health: (n) => health[n] });
  const deps: DashboardDeps = { recent, metrics, backends: () => Object.keys(health), health: (n) => health[n], ...options };
  /** One request through both sinks, answered then ended. */
  const request = (overrides: Partial<RequestRecord> = {}) => {
    const full = makeRecord(overrides);
    const record = answeredPart(full);
    for (const sink of [metrics, recent]) sink.started();
    for (const sink of [metrics, recent]) sink.answered(record);
    Object.assign(record, { totalMs: full.totalMs, streamEnd: full.streamEnd, tokens: full.tokens });
    for (const sink of [metrics, recent]) sink.ended(record);
  };
  return { deps, health, recent, metrics, request };
}
