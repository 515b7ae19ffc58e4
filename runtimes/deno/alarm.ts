import type { Alarm } from '../../src/runtime-contract.ts';

/**
 * The shared clock's alarm on Deno. Deno 2.9's setTimeout and setInterval are Node's timers,
 * loaded on first use and resident for the life of the process (docs/performance.md).
 * `AbortSignal.timeout` runs on Deno's own timer. It cannot be cleared; one moved earlier
 * still rings, for nothing.
 */
export const signalAlarm: Alarm = (ring, ms) => {
  let set = true;
  AbortSignal.timeout(ms).addEventListener('abort', () => set && ring());
  return () => {
    set = false;
  };
};
