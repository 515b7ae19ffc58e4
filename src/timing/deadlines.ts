/**
 * Deadlines for the request path on one shared clock instead of a timer each. A request
 * sets and clears several deadlines (body arrival, first byte, total) that almost never
 * fire; a runtime timer per deadline costs microseconds each on some runtimes (Deno's most),
 * while this is a Set insert and delete. One interval ticks only while deadlines are pending.
 *
 * A deadline fires at the first tick at or after its time: never early, at most one tick late.
 */
export interface Deadline {
  /** Stops it from firing; safe to call more than once, or after it fired. */
  cancel(): void;
}

/** Resolution of every deadline; far below any limit a user can configure. */
export const TICK_MS = 10;

interface Entry extends Deadline {
  fire: (() => void) | undefined;
}

const buckets = new Map<number, Set<Entry>>();
let pending = 0;
let lastTick = 0;
let interval: ReturnType<typeof setInterval> | undefined;

/** Calls `fire` once `ms` have passed, unless cancelled first. `ms <= 0` means never. */
export function deadline(ms: number, fire: () => void): Deadline {
  if (!(ms > 0)) return NEVER;
  const index = Math.ceil((performance.now() + ms) / TICK_MS);
  let bucket = buckets.get(index);
  if (!bucket) buckets.set(index, (bucket = new Set()));
  const entry: Entry = {
    fire,
    cancel() {
      if (!entry.fire) return;
      entry.fire = undefined;
      bucket.delete(entry);
      if (bucket.size === 0 && buckets.get(index) === bucket) buckets.delete(index);
      pending--;
    },
  };
  bucket.add(entry);
  if (pending++ === 0 && !interval) {
    lastTick = Math.floor(performance.now() / TICK_MS);
    interval = setInterval(tick, TICK_MS);
  }
  return entry;
}

const NEVER: Deadline = { cancel() {} };

function tick(): void {
  const now = Math.floor(performance.now() / TICK_MS);
  for (let i = lastTick; i <= now; i++) {
    const bucket = buckets.get(i);
    if (!bucket) continue;
    buckets.delete(i);
    for (const entry of bucket) {
      const fire = entry.fire;
      entry.fire = undefined;
      pending--;
      fire?.();
    }
  }
  lastTick = now + 1;
  // Stop ticking once idle (checked a tick later, so a steady stream of requests keeps one interval).
  if (pending === 0 && buckets.size === 0) {
    clearInterval(interval);
    interval = undefined;
  }
}
