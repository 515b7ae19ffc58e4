import type { Backend } from '../config/types.ts';

export type HealthState = 'healthy' | 'cooling' | 'probing';

export interface HealthSnapshot {
  state: HealthState;
  /** ISO time the cooldown ends. */
  cooling_until: string | null;
  consecutive_failures: number;
  last_failure: { at: string; reason: string } | null;
}

/**
 * A circuit breaker per backend. After `cooldownAfter` consecutive failures (or a
 * `Retry-After` the gateway would not wait out) the backend is skipped until the cooldown
 * ends; then exactly one request probes it, and a success puts it back at once.
 */
export class BackendHealth {
  #failures = 0;
  #coolingUntil = 0;
  #probing = false;
  #lastFailure: { at: number; reason: string } | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly now: () => number,
  ) {}

  /** Whether a request may use the backend now; claims the probe when the cooldown is over. */
  tryAcquire(): boolean {
    if (this.#coolingUntil === 0) return true;
    if (this.now() < this.#coolingUntil || this.#probing) return false;
    this.#probing = true;
    return true;
  }

  succeeded(): void {
    this.#failures = 0;
    this.#coolingUntil = 0;
    this.#probing = false;
  }

  failed(reason: string, skipForMs?: number): void {
    const now = this.now();
    this.#failures++;
    this.#lastFailure = { at: now, reason };
    const { cooldownAfter, cooldownMs } = this.backend.policy;
    const wasProbe = this.#probing;
    this.#probing = false;
    if (cooldownAfter === 0) return; // cooldowns are off, Retry-After skips included
    if (skipForMs !== undefined && skipForMs > 0) this.#coolingUntil = Math.max(this.#coolingUntil, now + skipForMs);
    else if (wasProbe || (cooldownAfter > 0 && this.#failures >= cooldownAfter)) this.#coolingUntil = now + cooldownMs;
  }

  /** A request that claimed the probe ended without a verdict (the client left). */
  released(): void {
    this.#probing = false;
  }

  snapshot(): HealthSnapshot {
    const now = this.now();
    const cooling = this.#coolingUntil > now;
    return {
      state: this.#probing ? 'probing' : cooling ? 'cooling' : 'healthy',
      cooling_until: cooling ? new Date(this.#coolingUntil).toISOString() : null,
      consecutive_failures: this.#failures,
      last_failure: this.#lastFailure && { at: new Date(this.#lastFailure.at).toISOString(), reason: this.#lastFailure.reason },
    };
  }
}
