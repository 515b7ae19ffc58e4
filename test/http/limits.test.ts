import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, checkHeaders } from '../../src/http/limits.ts';
import { GatewayError } from '../../src/errors.ts';
import { Clock } from '../../src/lifecycle/clock.ts';
import { createFakeClock } from '../support/fake-clock.ts';

const clock = new Clock();

const stillHere = { aborted: false, listen: () => () => {} };
const overloaded = (err: unknown) => err instanceof GatewayError && err.status === 503 && err.code === 'overloaded';

describe('ConcurrencyLimit', () => {
  it('lets a request past the cap wait in line and take the next free slot', async () => {
    const limit = new ConcurrencyLimit(1, 1000, clock);
    const release = await limit.acquire(stillHere);
    const waiting = limit.acquire(stillHere);
    release();
    expect(typeof (await waiting)).toBe('function');
  });

  it('refuses a request still in line when the queue timeout runs out, not before', async () => {
    const time = createFakeClock();
    const limit = new ConcurrencyLimit(1, 2000, time.clock);
    await limit.acquire(stillHere);
    let refused: unknown;
    void limit.acquire(stillHere).catch((e: unknown) => (refused = e));
    await time.advance(1990);
    expect(refused).toBeUndefined();
    await time.advance(20);
    expect(overloaded(refused)).toBe(true);
  });

  it('with a queue timeout of 0, refuses a request past the cap at once', async () => {
    const time = createFakeClock();
    const limit = new ConcurrencyLimit(1, 0, time.clock);
    await limit.acquire(stillHere);
    const err = await limit.acquire(stillHere).catch((e: unknown) => e);
    expect(overloaded(err)).toBe(true);
    expect(time.now()).toBe(0); // no time passed
  });
});

describe('checkHeaders', () => {
  const limits = { maxBytes: 16384, maxCount: 100 };
  const joined = new Headers([['x-h', Array.from({ length: 150 }, () => 'y').join(', ')]]); // 150 lines, one field

  it('counts the header lines the runtime reports, not the fields Headers joined them into', () => {
    expect(() => checkHeaders(joined, limits)).not.toThrow();
    expect(() => checkHeaders(joined, limits, 150)).toThrow(expect.objectContaining({ status: 431, code: 'headers_too_large' }));
    expect(() => checkHeaders(joined, limits, 1)).not.toThrow();
  });
});
