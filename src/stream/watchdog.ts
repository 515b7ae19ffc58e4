import type { Clock, Deadline } from '../lifecycle/clock.ts';

/**
 * The idle limit of one stream: fires when the gateway has waited on upstream longer than
 * `idleMs` for a chunk. Time the client spends reading does not count. One deadline per
 * stream, re-armed only when it comes due, rather than one per chunk.
 */
export class Watchdog {
  #waitingSince = -1;
  #timer: Deadline | undefined;
  #stalled = false;

  constructor(
    private readonly clock: Clock,
    private readonly idleMs: number,
    private readonly onStall: () => void,
  ) {}

  /** Whether it fired since it was last (re)started. */
  get stalled(): boolean {
    return this.#stalled;
  }

  /** Arms it (again, after a resume switched upstreams). 0 = no idle limit. */
  start(): void {
    this.#timer?.cancel();
    this.#stalled = false;
    this.#timer = this.clock.deadline(this.idleMs, this.#check);
  }

  /** A read from upstream, with the time it takes counted as waiting. */
  async watch<T>(read: Promise<T>): Promise<T> {
    this.#waitingSince = this.clock.now();
    try {
      return await read;
    } finally {
      this.#waitingSince = -1;
    }
  }

  stop(): void {
    this.#timer?.cancel();
  }

  #check = (): void => {
    const waited = this.#waitingSince < 0 ? 0 : this.clock.now() - this.#waitingSince;
    if (waited < this.idleMs) {
      this.#timer = this.clock.deadline(this.idleMs - waited, this.#check);
      return;
    }
    this.#stalled = true;
    this.onStall();
  };
}
