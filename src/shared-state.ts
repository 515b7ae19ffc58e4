import type { GatewayConfig } from './config/types.ts';
import { Clock } from './lifecycle/clock.ts';
import type { HealthSource } from './observe/health-view.ts';
import { ResponseStore } from './protocols/responses/store.ts';
import { HealthRegistry } from './routing/health-registry.ts';
import { type Cockpit, createCockpit } from './routes/cockpit.ts';
import type { Alarm } from './runtime-contract.ts';

/**
 * What outlives one configuration: the clock, each backend's health, the responses kept for
 * `previous_response_id`, and the cockpit's metrics and recent requests. A reload builds a new
 * app on the same shared state, so nothing of it is lost.
 */
export interface SharedState {
  clock: Clock;
  health: HealthRegistry;
  responses: ResponseStore;
  cockpit: Cockpit;
}

/** Shared state for a first configuration; `clock` is handed in by tests, else one on `alarm`. */
export function createSharedState(config: GatewayConfig, { clock, alarm }: { clock?: Clock; alarm?: Alarm } = {}): SharedState {
  const theClock = clock ?? new Clock({ alarm });
  const health = new HealthRegistry(theClock.wallTime);
  const healthOf: HealthSource = (name) => health.byName(name)?.snapshot();
  return { clock: theClock, health, responses: new ResponseStore({ now: theClock.wallTime }), cockpit: createCockpit(config, healthOf) };
}
