import { Clock } from '../../src/lifecycle/clock.ts';
import type { Alarm } from '../../src/runtime-contract.ts';

export interface FakeClock {
  clock: Clock;
  /** Milliseconds since the fake clock started. */
  now(): number;
  /** Moves time forward, ringing every alarm that comes due on the way, and lets the app react after each. */
  advance(ms: number): Promise<void>;
  /** Lets pending promises and I/O callbacks run, without moving time. */
  settle(): Promise<void>;
}

const START_WALL = Date.UTC(2026, 0, 1);

/** A clock that moves only when the test says so: policy tests run in milliseconds, the same way every time. */
export function createFakeClock(): FakeClock {
  let t = 0;
  const alarms = new Set<{ at: number; ring: () => void }>();
  const alarm: Alarm = (ring, ms) => {
    const entry = { at: t + ms, ring };
    alarms.add(entry);
    return () => alarms.delete(entry);
  };
  const clock = new Clock({ alarm, now: () => t, wallTime: () => START_WALL + t });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  };
  const advance = async (ms: number) => {
    const end = t + ms;
    await settle();
    for (;;) {
      let next: { at: number; ring: () => void } | undefined;
      for (const a of alarms) if (a.at <= end && (!next || a.at < next.at)) next = a;
      if (!next) break;
      alarms.delete(next);
      t = Math.max(t, next.at);
      next.ring();
      await settle();
    }
    t = end;
    await settle();
  };
  return { clock, now: () => t, advance, settle };
}
