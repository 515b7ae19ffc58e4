import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Clock, TICK_MS, timeoutAlarm } from '../../src/lifecycle/clock.ts';
import type { Alarm } from '../../src/runtime-contract.ts';

const clock = new Clock();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Clock', () => {
  it('fire never early and at most a tick or so late, in time order', async () => {
    const t0 = performance.now();
    const fired: Array<[string, number]> = [];
    clock.deadline(60, () => fired.push(['b', performance.now() - t0]));
    clock.deadline(25, () => fired.push(['a', performance.now() - t0]));
    await sleep(120);
    expect(fired.map(([k]) => k)).toEqual(['a', 'b']);
    expect(fired[0]![1]).toBeGreaterThanOrEqual(25);
    expect(fired[1]![1]).toBeGreaterThanOrEqual(60);
    expect(fired[1]![1]).toBeLessThan(60 + TICK_MS + 40);
  });

  it('fire deadlines of several lengths overdue at once in time order (a loop that stalled)', () => {
    let t = 0;
    let ring = () => {};
    const stalled = new Clock({ alarm: (r) => ((ring = r), () => {}), now: () => t });
    const fired: string[] = [];
    stalled.deadline(60, () => fired.push('b'));
    stalled.deadline(25, () => fired.push('a'));
    stalled.deadline(100, () => fired.push('later'));
    stalled.deadline(40, () => fired.push('a2'));
    t = 90; // the loop wakes long after the first two were due
    ring();
    expect(fired).toEqual(['a', 'a2', 'b']);
  });

  it('do not fire once cancelled, and cancelling twice or after firing is harmless', async () => {
    let calls = 0;
    const d = clock.deadline(20, () => calls++);
    d.cancel();
    d.cancel();
    const e = clock.deadline(20, () => calls++);
    await sleep(60);
    e.cancel();
    expect(calls).toBe(1);
  });

  it('never fire for a zero or negative limit (no limit)', async () => {
    let calls = 0;
    clock.deadline(0, () => calls++);
    clock.deadline(-5, () => calls++);
    await sleep(40);
    expect(calls).toBe(0);
  });

  it('keep working after going idle and starting again', async () => {
    let calls = 0;
    clock.deadline(15, () => calls++);
    await sleep(60); // idle: the shared tick stops
    clock.deadline(15, () => calls++);
    await sleep(60);
    expect(calls).toBe(2);
  });

  it('round a length up to whole ticks, so a 1 ms deadline waits for a whole tick', async () => {
    const { clock, asked, ringNow, restore } = manualAlarm();
    try {
      let fired = false;
      const t0 = performance.now();
      clock.deadline(1, () => (fired = true));
      expect(asked.at(-1)).toBeGreaterThanOrEqual(TICK_MS - 1);
      ringNow();
      expect(fired).toBe(performance.now() - t0 >= TICK_MS);
      await sleep(TICK_MS + 1);
      ringNow();
      expect(fired).toBe(true);
    } finally {
      restore();
    }
  });

  it('sleep while nothing is due: one alarm for the earliest deadline, moved only for one due sooner', async () => {
    let set = 0;
    let rang = 0;
    const clock = new Clock({ alarm: (ring, ms) => (set++, timeoutAlarm(() => (rang++, ring()), ms)) });
    {
      const late = [clock.deadline(300, () => {}), clock.deadline(300, () => {}), clock.deadline(305, () => {})];
      expect(set).toBe(1);
      let fired = false;
      clock.deadline(40, () => (fired = true));
      expect(set).toBe(2);
      await sleep(120);
      expect(fired).toBe(true);
      expect(rang).toBe(1); // not a tick every 10 ms
      expect(set).toBe(3); // then set again, for the 300 ms ones
      for (const d of late) d.cancel();
    }
  });

  it('fire a deadline set by another one as it fires', async () => {
    const at: number[] = [];
    const t0 = performance.now();
    clock.deadline(20, () => clock.deadline(20, () => at.push(performance.now() - t0)));
    await sleep(100);
    expect(at).toHaveLength(1);
    expect(at[0]).toBeGreaterThanOrEqual(40);
  });

  it('keep the clock going when a callback throws: the alarm is set again at once for the rest', async () => {
    const { clock, asked, ringNow, restore } = manualAlarm();
    try {
      let fired = false;
      clock.deadline(10, () => {
        throw new Error('boom');
      });
      clock.deadline(10, () => (fired = true));
      await sleep(TICK_MS + 1);
      expect(() => ringNow()).toThrow('boom');
      expect(asked.at(-1)).toBe(1);
      ringNow();
      expect(fired).toBe(true);
    } finally {
      restore();
    }
  });

  it('never keep a process alive: one with only a pending deadline exits', async () => {
    const module = join(import.meta.dirname, '../../src/lifecycle/clock.ts');
    const script = `const { Clock } = await import(${JSON.stringify(module)}); new Clock().deadline(60_000, () => {});`;
    const exited = await new Promise<boolean>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 10_000 }, (err) => resolve(!err)),
    );
    expect(exited).toBe(true);
  }, 15_000);

  it('tell whether a promise outlasts a deadline, and pass on its rejection', async () => {
    expect(await clock.outlasts(new Promise(() => {}), 20)).toBe(true);
    expect(await clock.outlasts(sleep(5), 200)).toBe(false);
    await expect(clock.outlasts(Promise.reject(new Error('no')), 200)).rejects.toThrow('no');
  });
});

/**
 * A clock whose alarm the test rings by hand; `asked` records each delay it was set for.
 * `restore` rings once more, so nothing is left waiting on a hand that is gone.
 */
function manualAlarm(): { clock: Clock; asked: number[]; ringNow: () => void; restore: () => void } {
  const asked: number[] = [];
  let ring = () => {};
  const alarm: Alarm = (r, ms) => {
    asked.push(ms);
    ring = r;
    return () => {};
  };
  return {
    clock: new Clock({ alarm }),
    asked,
    ringNow: () => ring(),
    restore: () => ring(),
  };
}
