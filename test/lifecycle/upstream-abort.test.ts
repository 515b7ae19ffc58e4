import { describe, expect, it } from 'vitest';
import { onRequestEnd } from '../../src/lifecycle/request-end.ts';
import { UpstreamAbort } from '../../src/lifecycle/upstream-abort.ts';

describe('UpstreamAbort', () => {
  it('tells each listener once, and not one that stopped listening', () => {
    const upstream = new UpstreamAbort();
    const heard: string[] = [];
    upstream.listen(() => heard.push('a'));
    const stop = upstream.listen(() => heard.push('b'));
    upstream.listen(() => heard.push('c'));
    stop();
    const reason = new Error('first-byte deadline');
    upstream.abort(reason);
    upstream.abort(new Error('later'));
    expect(heard).toEqual(['a', 'c']);
    expect([upstream.aborted, upstream.reason]).toEqual([true, reason]);
  });

  it('builds a signal only when asked, which follows the abort before or after it was built', () => {
    const early = new UpstreamAbort();
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    early.abort(new Error('client left'));
    expect([signal.aborted, (signal.reason as Error).message]).toEqual([true, 'client left']);

    const late = new UpstreamAbort();
    late.abort(new Error('total deadline'));
    expect([late.signal.aborted, (late.signal.reason as Error).message]).toEqual([true, 'total deadline']);
    expect(late.signal).toBe(late.signal);
  });

  it('is heard at once by onRequestEnd when it has already ended', () => {
    const upstream = new UpstreamAbort();
    upstream.abort();
    let heard = 0;
    onRequestEnd([upstream], () => heard++);
    expect(heard).toBe(1);
  });
});
