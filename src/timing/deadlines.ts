/**
 * Deadlines for the request path on one shared clock instead of a timer each. A request
 * sets and clears several deadlines (body arrival, first byte, total) that almost never
 * fire; a runtime timer per deadline costs microseconds each on some runtimes (Deno's most),
 * while this is a linked-list append and unlink. Deadlines of the same length expire in the
 * order they were set, so each length keeps a FIFO lane and a tick only looks at lane heads.
 * One ticker runs only while deadlines are pending. Every timer of the request path (the
 * stream watchdog, retry back-off, keep-alive, queueing) runs on this clock.
 *
 * Lengths are rounded up to whole ticks, so computed lengths (a watchdog's remaining time)
 * share lanes. A deadline fires at the first tick at or after its time: never early, at most
 * two ticks late.
 */
export interface Deadline {
  /** Stops it from firing; safe to call more than once, or after it fired. */
  cancel(): void;
}

/** Resolution of every deadline; far below any limit a user can configure. */
export const TICK_MS = 10;

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
    pending++;
  }

  remove(entry: Entry): void {
    if (entry.prev) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = entry.next = undefined;
    entry.fire = undefined;
    pending--;
  }
}

/** What drives the clock: calls `tick` every `ms` until the returned function is called. */
export type Ticker = (tick: () => void, ms: number) => () => void;

export const intervalTicker: Ticker = (tick, ms) => {
  const id = setInterval(tick, ms);
  return () => clearInterval(id);
};

let ticker = intervalTicker;

/** Sets what drives the clock, for a runtime whose `setInterval` is costly; call before serving. */
export function useTicker(next: Ticker): void {
  ticker = next;
}

const lanes = new Map<number, Lane>();
let pending = 0;
let stopTicking: (() => void) | undefined;

/** Calls `fire` once `ms` have passed, unless cancelled first. `ms <= 0` means never. */
export function deadline(ms: number, fire: () => void): Deadline {
  if (!(ms > 0)) return NEVER;
  const length = Math.ceil(ms / TICK_MS) * TICK_MS;
  let lane = lanes.get(length);
  if (!lane) lanes.set(length, (lane = new Lane()));
  const entry = new Entry(performance.now() + length, fire, lane);
  lane.append(entry);
  stopTicking ??= ticker(tick, TICK_MS);
  return entry;
}

const NEVER: Deadline = { cancel() {} };

function tick(): void {
  const now = performance.now();
  for (const [ms, lane] of lanes) {
    for (let head = lane.head; head && head.at <= now; head = lane.head) {
      const fire = head.fire!;
      lane.remove(head);
      fire();
    }
    if (!lane.head) lanes.delete(ms);
  }
  // Stop once idle; a steady flow of requests keeps the one ticker running.
  if (pending === 0) {
    stopTicking?.();
    stopTicking = undefined;
  }
}
