/**
 * Deadlines for the request path on one shared clock instead of a timer each. A request
 * sets and clears several deadlines (body arrival, first byte, total) that almost never
 * fire; a runtime timer per deadline costs microseconds each on some runtimes (Deno's most),
 * while this is a linked-list append and unlink. Every timer of the request path (the stream
 * watchdog, retry back-off, keep-alive, queueing) runs on this clock.
 *
 * Deadlines of the same length expire in the order they were set, so each length keeps a FIFO
 * lane, and the earliest pending deadline is among the lane heads. One alarm is set for it; a
 * new deadline moves the alarm only when it is due more than a tick earlier. So the clock
 * sleeps while nothing is due, even with thousands of streams open.
 *
 * Lengths are rounded up to whole ticks, so computed lengths (a watchdog's remaining time)
 * share lanes. A deadline never fires early, and at most two ticks late.
 */
export interface Deadline {
  /** Stops it from firing; safe to call more than once, or after it fired. */
  cancel(): void;
}

/** Resolution of every deadline; far below any limit a user can configure. */
export const TICK_MS = 10;

/** A one-shot timer: calls `ring` once after about `ms`, unless the returned function is called first. */
export type Alarm = (ring: () => void, ms: number) => () => void;

/** `setTimeout`, unreferenced where the runtime can: the clock must never keep a process alive. */
export const timeoutAlarm: Alarm = (ring, ms) => {
  const id = setTimeout(ring, ms);
  (id as { unref?: () => void }).unref?.();
  return () => clearTimeout(id);
};

let alarm = timeoutAlarm;

/** Sets the clock's alarm, for a runtime whose `setTimeout` is costly; call before serving. */
export function useAlarm(next: Alarm): void {
  alarm = next;
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

const lanes = new Map<number, Lane>();
/** When the alarm rings; Infinity when none is set. A cancelled deadline leaves it set: it then rings for nothing. */
let ringsAt = Number.POSITIVE_INFINITY;
let stopAlarm: (() => void) | undefined;

/** Calls `fire` once `ms` have passed, unless cancelled first. `ms <= 0` means never. */
export function deadline(ms: number, fire: () => void): Deadline {
  if (!(ms > 0)) return NEVER;
  const length = Math.ceil(ms / TICK_MS) * TICK_MS;
  let lane = lanes.get(length);
  if (!lane) lanes.set(length, (lane = new Lane()));
  const now = performance.now();
  const entry = new Entry(now + length, fire, lane);
  lane.append(entry);
  if (entry.at < ringsAt - TICK_MS) setAlarm(entry.at, now);
  return entry;
}

const NEVER: Deadline = { cancel() {} };

const LATE = Symbol('late');

/** Whether `pending` is still unsettled after `ms` (> 0); rejects if `pending` rejects first. */
export async function outlasts(pending: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: Deadline = NEVER;
  const late = new Promise<typeof LATE>((resolve) => (timer = deadline(ms, () => resolve(LATE))));
  try {
    return (await Promise.race([pending, late])) === LATE;
  } finally {
    timer.cancel();
  }
}

function setAlarm(at: number, now: number): void {
  stopAlarm?.();
  ringsAt = at;
  // One ms more: a runtime's timer may ring up to a millisecond early by performance.now()
  // (libuv rounds its loop time down), which would cost a second alarm to fire nothing early.
  stopAlarm = alarm(ring, Math.max(1, Math.ceil(at - now) + 1));
}

/** Fires what is due, then sets the alarm for the earliest deadline still pending, if any. */
function ring(): void {
  ringsAt = Number.POSITIVE_INFINITY;
  stopAlarm = undefined;
  const now = performance.now();
  let next = Number.POSITIVE_INFINITY;
  try {
    for (const [length, lane] of lanes) {
      for (let head = lane.head; head && head.at <= now; head = lane.head) {
        const fire = head.fire!;
        lane.remove(head);
        fire(); // may set deadlines, and so the alarm
      }
      if (lane.head) next = Math.min(next, lane.head.at);
      else lanes.delete(length);
    }
  } catch (err) {
    next = now; // a callback threw: ring again at once for the rest
    throw err;
  } finally {
    if (next < ringsAt) setAlarm(next, now);
  }
}
