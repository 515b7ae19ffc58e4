import { describe, expect, it } from 'vitest';
import { Fanout, hasEnded, onRequestEnd } from '../../src/http/request-scope.ts';

describe('request end', () => {
  it('fires once for whichever source ends first, client or shutdown', () => {
    const client = new AbortController();
    const shutdown = new AbortController();
    const end = [client.signal, new Fanout(shutdown.signal)];
    let calls = 0;
    onRequestEnd(end, () => calls++);
    expect(hasEnded(end)).toBe(false);
    shutdown.abort();
    client.abort();
    expect(calls).toBe(1);
    expect(hasEnded(end)).toBe(true);
  });

  it('lets go of both sources once the request is over', () => {
    const client = new AbortController();
    const shutdown = new AbortController();
    const fanout = new Fanout(shutdown.signal);
    let calls = 0;
    for (let i = 0; i < 1000; i++) onRequestEnd([client.signal, fanout], () => calls++)();
    client.abort();
    shutdown.abort();
    expect(calls).toBe(0);
  });

  it('reaches every request still in flight when the shutdown grace ends', () => {
    const shutdown = new AbortController();
    const fanout = new Fanout(shutdown.signal);
    let calls = 0;
    for (let i = 0; i < 50; i++) onRequestEnd([new AbortController().signal, fanout], () => calls++);
    shutdown.abort();
    expect(calls).toBe(50);
  });
});
