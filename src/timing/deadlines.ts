/**
 * Deadlines for the request path on one shared clock instead of a timer each. A request
 * sets and clears several deadlines (body arrival, first byte, total) that almost never
 * fire; a runtime timer per deadline costs microseconds each on some runtimes (Deno's most),
 * while this is a linked-list append and unlink. Deadlines of the same length expire in the
 * order they were set, so each length keeps a FIFO lane and a tick only looks at lane heads.
 * One interval ticks only while deadlines are pending.
 *
 * A deadline fires at the first tick at or after its time: never early, at most a tick late.
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

const lanes = new Map<number, Lane>();
let pending = 0;
let interval: ReturnType<typeof setInterval> | undefined;

/** Calls `fire` once `ms` have passed, unless cancelled first. `ms <= 0` means never. */
export function deadline(ms: number, fire: () => void): Deadline {
  if (!(ms > 0)) return NEVER;
  let lane = lanes.get(ms);
  if (!lane) lanes.set(ms, (lane = new Lane()));
  const entry = new Entry(performance.now() + ms, fire, lane);
  lane.append(entry);
  interval ??= setInterval(tick, TICK_MS);
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
  // Stop once idle; a steady flow of requests keeps the one interval.
  if (pending === 0) {
    clearInterval(interval);
    interval = undefined;
  }
}
