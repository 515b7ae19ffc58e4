import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, checkHeaders } from '../../src/http/limits.ts';
import { GatewayError } from '../../src/http/errors.ts';

const stillHere = { aborted: false, listen: () => () => {} };
const overloaded = (err: unknown) => err instanceof GatewayError && err.status === 503 && err.code === 'overloaded';

/** A limit of one, taken; then a second request's outcome and how long it waited for it. */
async function secondInLine(queueTimeoutMs: number): Promise<{ err: unknown; waitedMs: number }> {
  const limit = new ConcurrencyLimit(1, queueTimeoutMs);
  await limit.acquire(stillHere);
  const t0 = performance.now();
  const err = await limit.acquire(stillHere).catch((e: unknown) => e);
  return { err, waitedMs: performance.now() - t0 };
}

describe('ConcurrencyLimit', () => {
  it('lets a request past the cap wait in line and take the next free slot', async () => {
    const limit = new ConcurrencyLimit(1, 1000);
    const release = await limit.acquire(stillHere);
    const waiting = limit.acquire(stillHere);
    release();
    expect(typeof (await waiting)).toBe('function');
  });

  it('refuses a request still in line when the queue timeout runs out', async () => {
    const { err, waitedMs } = await secondInLine(50);
    expect(overloaded(err)).toBe(true);
    expect(waitedMs).toBeGreaterThanOrEqual(49);
  });

  it('with a queue timeout of 0, refuses a request past the cap at once', async () => {
    const { err, waitedMs } = await secondInLine(0);
    expect(overloaded(err)).toBe(true);
    expect(waitedMs).toBeLessThan(20);
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
