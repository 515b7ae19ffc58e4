/**
 * What the cockpit reads of a backend's breaker: only these fields of `BackendHealth#snapshot()`,
 * so the breaker can change inside without the metrics or the dashboard noticing.
 */

/** The breaker states, fixed: they are metric label values. */
export const BREAKER_STATES = ['healthy', 'cooling', 'probing'] as const;

/** One of `BREAKER_STATES`. */
export type BreakerState = (typeof BREAKER_STATES)[number];

/** One breaker (a backend's, or one model's on it). */
export interface BreakerSnapshot {
  state: BreakerState;
  /** ISO time the cooldown ends. */
  cooling_until: string | null;
  consecutive_failures: number;
  last_failure: { at: string; reason: string } | null;
}

/** A backend's breaker, and one per model where the backend keeps them apart. */
export interface BackendView extends BreakerSnapshot {
  /** Model name → its own breaker. The names may come from clients: shown, never a metric label. */
  models?: Record<string, BreakerSnapshot>;
}

/** Reads a configured backend's breaker now; undefined for a name it does not know. */
export type HealthSource = (backend: string) => BackendView | undefined;
