import { describe, expect, it } from 'vitest';
import { Fanout, hasEnded, onRequestEnd } from '../../src/lifecycle/request-end.ts';
import type { EndSource } from '../../src/runtime-contract.ts';

/** A source that ends when told, as a runtime's client-gone source does. */
function manualSource(): EndSource & { end(): void } {
  const listeners = new Set<() => void>();
  let aborted = false;
  return {
    get aborted() {
      return aborted;
    },
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    end() {
      aborted = true;
      listeners.forEach((fn) => fn());
    },
  };
}

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

  it('reaches exactly the requests still listening, whichever stopped first, middle or last', () => {
    const shutdown = new AbortController();
    const fanout = new Fanout(shutdown.signal);
    const heard: number[] = [];
    const stops = Array.from({ length: 6 }, (_, i) => fanout.listen(() => heard.push(i)));
    for (const i of [0, 3, 5]) stops[i]!();
    stops[3]!(); // twice: changes nothing
    shutdown.abort();
    expect(heard.sort()).toEqual([1, 2, 4]);
    for (const stop of stops) stop(); // after the fanout: changes nothing
    expect(heard).toHaveLength(3);
  });

  it('does not call a listener that another stops during the fanout', () => {
    const shutdown = new AbortController();
    const fanout = new Fanout(shutdown.signal);
    let calls = 0;
    const stops: (() => void)[] = [];
    for (let i = 0; i < 4; i++) stops.push(fanout.listen(() => (calls++, stops.forEach((stop) => stop()))));
    shutdown.abort();
    expect(calls).toBe(1);
  });

  it("hears a runtime's own end source as it hears a signal", () => {
    const client = manualSource();
    const shutdown = new AbortController();
    const end = [client, new Fanout(shutdown.signal)];
    let calls = 0;
    const stop = onRequestEnd(end, () => calls++);
    expect(hasEnded(end)).toBe(false);
    client.end();
    expect(calls).toBe(1);
    expect(hasEnded(end)).toBe(true);
    stop();
  });

  it('calls back at once for a request that has already ended, signal or source', () => {
    const client = new AbortController();
    client.abort();
    const source = manualSource();
    source.end();
    let calls = 0;
    onRequestEnd([client.signal], () => calls++);
    onRequestEnd([source, new Fanout(new AbortController().signal)], () => calls++);
    expect(calls).toBe(2);
  });
});
