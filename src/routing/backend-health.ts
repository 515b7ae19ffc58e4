import type { Backend, BackendPolicy } from '../config/types.ts';

export type HealthState = 'healthy' | 'cooling' | 'probing';

export interface HealthSnapshot {
  state: HealthState;
  /** ISO time the cooldown ends. */
  cooling_until: string | null;
  consecutive_failures: number;
  last_failure: { at: string; reason: string } | null;
}

/** A backend's state, and each model's where it has one of its own (recent failures). */
export interface BackendSnapshot extends HealthSnapshot {
  models: Record<string, HealthSnapshot>;
}

/** How a failure counts: a `Retry-After` to honour, or a failure of the whole host (it could not be reached). */
export interface FailureNote {
  skipForMs?: number;
  hostWide?: boolean;
}

/** Most models a backend tracks apart: a client picks the names a pass-through backend is sent. */
const MAX_MODELS = 64;
const MIXED = Symbol('mixed');

/** One circuit breaker: consecutive failures, a cooldown, and one probe when it is over. */
class Circuit {
  failures = 0;
  coolingUntil = 0;
  probing = false;
  lastFailure: { at: number; reason: string } | null = null;

  /** Healthy, or its cooldown is over and nobody probes it yet. */
  usable(now: number): boolean {
    return this.coolingUntil === 0 || (now >= this.coolingUntil && !this.probing);
  }

  claim(now: number): void {
    if (this.coolingUntil !== 0 && now >= this.coolingUntil) this.probing = true;
  }

  cooling(now: number): boolean {
    return this.coolingUntil > now;
  }

  reset(): void {
    this.failures = 0;
    this.coolingUntil = 0;
    this.probing = false;
  }

  fail(now: number, reason: string, { cooldownAfter, cooldownMs }: BackendPolicy, skipForMs: number | undefined, mayCool: boolean): void {
    this.failures++;
    this.lastFailure = { at: now, reason };
    const wasProbe = this.probing;
    this.probing = false;
    if (cooldownAfter === 0) return; // cooldowns are off, Retry-After skips included
    if (skipForMs !== undefined && skipForMs > 0) this.coolingUntil = Math.max(this.coolingUntil, now + skipForMs);
    else if (wasProbe || (mayCool && this.failures >= cooldownAfter)) this.coolingUntil = now + cooldownMs;
  }

  snapshot(now: number): HealthSnapshot {
    const cooling = this.cooling(now);
    return {
      state: this.probing ? 'probing' : cooling ? 'cooling' : 'healthy',
      cooling_until: cooling ? new Date(this.coolingUntil).toISOString() : null,
      consecutive_failures: this.failures,
      last_failure: this.lastFailure && { at: new Date(this.lastFailure.at).toISOString(), reason: this.lastFailure.reason },
    };
  }
}

/**
 * Circuit breakers for one backend. After `cooldownAfter` consecutive failures (or a
 * `Retry-After` the gateway would not wait out) it is tried only after the rest of a chain
 * until the cooldown ends; then exactly one request probes it, and a success puts it back at
 * once. A backend that is sent more than one model (it passes the client's name through, or
 * maps names) keeps a breaker per model: one model failing does not cool the others. The
 * backend's own breaker counts every failure, and cools every model when the host itself
 * fails (it could not be reached, or a request names no model) or the failures span models.
 */
export class BackendHealth {
  readonly #host = new Circuit();
  readonly #models = new Map<string, Circuit>();
  /** The model behind the host's current run of failures; MIXED once they span models or the host's own. */
  #run: string | typeof MIXED | undefined;
  readonly #perModel: boolean;

  constructor(
    private readonly backend: Backend,
    private readonly now: () => number,
  ) {
    this.#perModel = backend.model === undefined || backend.models !== undefined;
  }

  /** Whether a request for `model` may use the backend in its turn; claims the probe when a cooldown is over. */
  tryAcquire(model?: string): boolean {
    const now = this.now();
    const circuit = this.#circuit(model);
    if (!this.#host.usable(now) || (circuit !== undefined && !circuit.usable(now))) return false;
    this.#host.claim(now);
    circuit?.claim(now);
    return true;
  }

  /** An answer: the host is back at once, and so is the model (its breaker is dropped). */
  succeeded(model?: string): void {
    this.#host.reset();
    this.#run = undefined;
    if (model !== undefined) this.#models.delete(model);
  }

  /** Counts a failure; true when the backend (for this model) is now cooling down, so this request's retries stop. */
  failed(model: string | undefined, reason: string, { skipForMs, hostWide = false }: FailureNote = {}): boolean {
    const now = this.now();
    const { policy } = this.backend;
    const key = this.#perModel && !hostWide ? model : undefined;
    if (key === undefined) {
      this.#run = MIXED;
      this.#host.fail(now, reason, policy, skipForMs, true);
      const circuit = this.#circuit(model);
      if (circuit) circuit.probing = false; // the host failed: no verdict on the model
    } else {
      this.#touch(key).fail(now, reason, policy, skipForMs, true);
      this.#run = this.#run === undefined || this.#run === key ? key : MIXED;
      this.#host.fail(now, reason, policy, undefined, this.#run === MIXED);
    }
    return this.#host.cooling(now) || (key !== undefined && this.#models.get(key)!.cooling(now));
  }

  /** A request that may have claimed a probe ended without a verdict (the client left). */
  released(model?: string): void {
    this.#host.probing = false;
    const circuit = this.#circuit(model);
    if (circuit) circuit.probing = false;
  }

  /** For /health: the backend's own state, and each model's that has one. */
  snapshot(): BackendSnapshot {
    const now = this.now();
    const models: Record<string, HealthSnapshot> = {};
    for (const [name, circuit] of this.#models) models[name] = circuit.snapshot(now);
    return { ...this.#host.snapshot(now), models };
  }

  #circuit(model: string | undefined): Circuit | undefined {
    return this.#perModel && model !== undefined ? this.#models.get(model) : undefined;
  }

  /** The model's breaker, created on its first failure; the least recently failing one goes when there are too many. */
  #touch(model: string): Circuit {
    let circuit = this.#models.get(model);
    if (circuit) this.#models.delete(model);
    else {
      circuit = new Circuit();
      if (this.#models.size >= MAX_MODELS) this.#models.delete(this.#models.keys().next().value!);
    }
    this.#models.set(model, circuit);
    return circuit;
  }
}
