import type { Backend } from '../config/types.ts';
import { BackendHealth } from './backend-health.ts';

/**
 * Each backend's health, kept across reloads: a backend whose definition did not change
 * (URL, key, models, APIs, policy) keeps its breakers; a changed one starts healthy.
 */
export class HealthRegistry {
  readonly #byName = new Map<string, { identity: string; health: BackendHealth }>();

  constructor(private readonly now: () => number) {}

  /** The health of `backend` as now configured. */
  of(backend: Backend): BackendHealth {
    const identity = JSON.stringify(backend);
    const kept = this.#byName.get(backend.name);
    if (kept?.identity === identity) return kept.health;
    const health = new BackendHealth(backend, this.now);
    this.#byName.set(backend.name, { identity, health });
    return health;
  }

  /** The health of a backend by name, if one of that name is configured. */
  byName(name: string): BackendHealth | undefined {
    return this.#byName.get(name)?.health;
  }

  /** Forgets backends no longer configured. */
  retain(names: readonly string[]): void {
    for (const name of this.#byName.keys()) if (!names.includes(name)) this.#byName.delete(name);
  }
}
