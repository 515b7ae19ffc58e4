import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../src/http/limits.ts';
import { GatewayError } from '../../src/http/errors.ts';

const stillHere = { aborted: false, listen: () => () => {} };
const overloaded = (err: unknown) => err instanceof GatewayError && err.status === 503 && err.code === 'overloaded';

describe('ConcurrencyLimit', () => {
  it('lets a request past the cap wait in line and take the next free slot', async () => {
    const limit = new ConcurrencyLimit(1, 1000);
    const release = await limit.acquire(stillHere);
    const waiting = limit.acquire(stillHere);
    release();
    expect(typeof (await waiting)).toBe('function');
  });

  it('refuses a request still in line when the queue timeout runs out', async () => {
    const limit = new ConcurrencyLimit(1, 50);
    await limit.acquire(stillHere);
    const t0 = performance.now();
    const err = await limit.acquire(stillHere).catch((e: unknown) => e);
    expect(overloaded(err)).toBe(true);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(49);
  });

  it('with a queue timeout of 0, refuses a request past the cap at once', async () => {
    const limit = new ConcurrencyLimit(1, 0);
    await limit.acquire(stillHere);
    const t0 = performance.now();
    const err = await limit.acquire(stillHere).catch((e: unknown) => e);
    expect(overloaded(err)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(20);
  });
});
