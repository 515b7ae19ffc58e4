import { describe, expect, it } from 'vitest';
import { TICK_MS, deadline } from '../../src/timing/deadlines.ts';

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
});
