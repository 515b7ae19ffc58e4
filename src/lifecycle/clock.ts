import type { Alarm } from '../runtime-contract.ts';
import { type RequestEnd, onRequestEnd } from './request-end.ts';

/**
 * Deadlines for the request path on one shared clock instead of a runtime timer each: a
 * request sets and clears several (body arrival, first byte, total) that almost never fire,
 * and here each is a linked-list append and unlink. Deadlines of the same length expire in
 * the order they were set, so each length keeps a FIFO lane and the earliest deadline is
 * among the lane heads. One alarm is set for it, moved only when a deadline due more than a
 * tick sooner arrives: the clock sleeps while nothing is due, even with thousands of streams
 * open. Lengths round up to whole ticks; a deadline never fires early, at most two ticks late.
 */
export interface Deadline {
  /** Stops it from firing; safe to call more than once, or after it fired. */
  cancel(): void;
}

/** Resolution of every deadline; far below any limit a user can configure. */
export const TICK_MS = 10;

/** `setTimeout`, unreferenced where the runtime can: the clock must never keep a process alive. */
export const timeoutAlarm: Alarm = (ring, ms) => {
  const id = setTimeout(ring, ms);
  (id as { unref?: () => void }).unref?.();
  return () => clearTimeout(id);
};

export interface ClockOptions {
  alarm?: Alarm;
  /** Monotonic milliseconds. */
  now?: () => number;
  /** Epoch milliseconds, for times shown to people (`cooling_until`). */
  wallTime?: () => number;
}

/** The one clock of an app: every wait on the request path is a deadline on it. */
export class Clock {
  readonly now: () => number;
  readonly wallTime: () => number;
  readonly #alarm: Alarm;
  readonly #lanes = new Map<number, Lane>();
  /** When the alarm rings; Infinity when none is set. A cancelled deadline leaves it set: it then rings for nothing. */
  #ringsAt = Number.POSITIVE_INFINITY;
  #stopAlarm: (() => void) | undefined;

  constructor({ alarm = timeoutAlarm, now = () => performance.now(), wallTime = Date.now }: ClockOptions = {}) {
    this.#alarm = alarm;
    this.now = now;
    this.wallTime = wallTime;
  }

  /** Calls `fire` once `ms` have passed, unless cancelled first. `ms <= 0` means never. */
  deadline(ms: number, fire: () => void): Deadline {
    if (!(ms > 0)) return NEVER;
    const length = Math.ceil(ms / TICK_MS) * TICK_MS;
    let lane = this.#lanes.get(length);
    if (!lane) this.#lanes.set(length, (lane = new Lane()));
    const now = this.now();
    const entry = new Entry(now + length, fire, lane);
    lane.append(entry);
    if (entry.at < this.#ringsAt - TICK_MS) this.#setAlarm(entry.at, now);
    return entry;
  }

  /** Whether `pending` is still unsettled after `ms` (> 0); rejects if `pending` rejects first. */
  async outlasts(pending: Promise<unknown>, ms: number): Promise<boolean> {
    let timer: Deadline = NEVER;
    const late = new Promise<typeof LATE>((resolve) => (timer = this.deadline(ms, () => resolve(LATE))));
    try {
      return (await Promise.race([pending, late])) === LATE;
    } finally {
      timer.cancel();
    }
  }

  /** Resolves after `ms`, or at once when the request ends first. */
  sleep(ms: number, end: RequestEnd = []): Promise<void> {
    return new Promise((resolve) => {
      if (!(ms > 0)) return resolve();
      let stop = () => {};
      const done = () => {
        timer.cancel();
        stop();
        resolve();
      };
      const timer = this.deadline(ms, done);
      stop = onRequestEnd(end, done); // may call done at once
    });
  }

  #setAlarm(at: number, now: number): void {
    this.#stopAlarm?.();
    this.#ringsAt = at;
    // One ms more: a runtime's timer may ring up to a millisecond early by performance.now()
    // (libuv rounds its loop time down), which would cost a second alarm to fire nothing early.
    this.#stopAlarm = this.#alarm(this.#ring, Math.max(1, Math.ceil(at - now) + 1));
  }

  /**
   * Fires what is due, earliest first across the lanes (a loop that stalled may find deadlines of
   * several lengths overdue at once), then sets the alarm for the earliest one still pending.
   */
  #ring = (): void => {
    this.#ringsAt = Number.POSITIVE_INFINITY;
    this.#stopAlarm = undefined;
    const now = this.now();
    let next = Number.POSITIVE_INFINITY;
    try {
      for (let head = this.#earliestDue(now); head; head = this.#earliestDue(now)) {
        const fire = head.fire!;
        head.lane.remove(head);
        fire(); // may set deadlines, and so the alarm
      }
      for (const [length, lane] of this.#lanes) {
        if (lane.head) next = Math.min(next, lane.head.at);
        else this.#lanes.delete(length);
      }
    } catch (err) {
      next = now; // a callback threw: ring again at once for the rest
      throw err;
    } finally {
      if (next < this.#ringsAt) this.#setAlarm(next, now);
    }
  };

  /** The earliest deadline due by `now`: each lane is in time order, so it is one of their heads. */
  #earliestDue(now: number): Entry | undefined {
    let first: Entry | undefined;
    for (const lane of this.#lanes.values()) {
      const head = lane.head;
      if (head && head.at <= now && (!first || head.at < first.at)) first = head;
    }
    return first;
  }
}

class Entry implements Deadline {
  prev: Entry | undefined;
  next: Entry | undefined;

  constructor(
    readonly at: number,
    public fire: (() => void) | undefined,
    readonly lane: Lane,
  ) {}

  cancel(): void {
    if (this.fire) this.lane.remove(this);
  }
}

class Lane {
  head: Entry | undefined;
  tail: Entry | undefined;

  append(entry: Entry): void {
    entry.prev = this.tail;
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
  }

  remove(entry: Entry): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = undefined;
    entry.fire = undefined;
  }
}

const NEVER: Deadline = { cancel() {} };
const LATE = Symbol('late');
