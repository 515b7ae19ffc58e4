import { describe, expect, it } from 'vitest';
import { TICK_MS, type Ticker, deadline, intervalTicker, useTicker } from '../../src/timing/deadlines.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deadlines', () => {
  it('fire never early and at most a tick or so late, in time order', async () => {
    const t0 = performance.now();
    const fired: Array<[string, number]> = [];
    deadline(60, () => fired.push(['b', performance.now() - t0]));
    deadline(25, () => fired.push(['a', performance.now() - t0]));
    await sleep(120);
    expect(fired.map(([k]) => k)).toEqual(['a', 'b']);
    expect(fired[0]![1]).toBeGreaterThanOrEqual(25);
    expect(fired[1]![1]).toBeGreaterThanOrEqual(60);
    expect(fired[1]![1]).toBeLessThan(60 + TICK_MS + 40);
  });

  it('do not fire once cancelled, and cancelling twice or after firing is harmless', async () => {
    let calls = 0;
    const d = deadline(20, () => calls++);
    d.cancel();
    d.cancel();
    const e = deadline(20, () => calls++);
    await sleep(60);
    e.cancel();
    expect(calls).toBe(1);
  });

  it('never fire for a zero or negative limit (no limit)', async () => {
    let calls = 0;
    deadline(0, () => calls++);
    deadline(-5, () => calls++);
    await sleep(40);
    expect(calls).toBe(0);
  });

  it('keep working after going idle and starting again', async () => {
    let calls = 0;
    deadline(15, () => calls++);
    await sleep(60); // idle: the shared tick stops
    deadline(15, () => calls++);
    await sleep(60);
    expect(calls).toBe(2);
  });

  it('round a length up to whole ticks, so a 1 ms deadline waits for a whole tick', async () => {
    let tickNow = () => {};
    useTicker((tick) => ((tickNow = tick), () => {}));
    try {
      let fired = false;
      const t0 = performance.now();
      deadline(1, () => (fired = true));
      await sleep(3);
      tickNow();
      expect(fired).toBe(performance.now() - t0 >= TICK_MS);
      await sleep(TICK_MS);
      tickNow();
      expect(fired).toBe(true);
    } finally {
      useTicker(intervalTicker);
    }
  });

  it('run on the ticker a runtime sets, started while deadlines are pending and stopped when idle', async () => {
    const log: string[] = [];
    const counting: Ticker = (tick, ms) => {
      log.push(`start ${ms}`);
      const stop = intervalTicker(() => (log.push('tick'), tick()), ms);
      return () => (log.push('stop'), stop());
    };
    useTicker(counting);
    try {
      let fired = false;
      deadline(15, () => (fired = true));
      await sleep(80);
      expect(fired).toBe(true);
      expect(log[0]).toBe(`start ${TICK_MS}`);
      expect(log).toContain('tick');
      expect(log.at(-1)).toBe('stop');
      expect(log.filter((l) => l.startsWith('start'))).toHaveLength(1);
    } finally {
      useTicker(intervalTicker);
    }
  });
});
