import { describe, expect, it } from 'vitest';
import { dashboardEvents } from '../../src/observe/dashboard.ts';
import { fakeSource } from './fake-source.ts';

interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads server-sent events off a body, one at a time; comments come back as `{ event: ':' }`. */
function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    reader,
    async next(): Promise<SseEvent> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('retry:')) continue;
          if (block.startsWith(':')) return { event: ':', data: block };
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          return { event: field('event')!, data: JSON.parse(field('data')!) };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
  };
}

function open(options: Parameters<typeof fakeSource>[0] = {}) {
  const source = fakeSource({ healthEveryMs: 20, ...options });
  const abort = new AbortController();
  const res = dashboardEvents(source.deps)(new Request('http://127.0.0.1/dashboard/events', { signal: abort.signal }));
  return { ...source, res, abort, sse: sseReader(res.body!) };
}

describe('dashboard events (SSE)', () => {
  it('starts with the whole state, then sends each request as it is answered and as it ends', async () => {
    const { res, sse, request } = open();
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const first = await sse.next();
    expect(first.event).toBe('state');
    expect(first.data).toMatchObject({ recent: [], backends: [{ name: 'fast', state: 'healthy' }, { name: 'smart', state: 'healthy' }] });
    request({ alias: 'smart' });
    expect(await sse.next()).toMatchObject({ event: 'request', data: { type: 'answered', entry: { id: 1, alias: 'smart', totalMs: null, streamEnd: null } } });
    expect(await sse.next()).toMatchObject({ event: 'request', data: { type: 'ended', entry: { id: 1, totalMs: 900, streamEnd: 'complete' } } });
    await sse.reader.cancel();
  });

  it("sends the backends again when a breaker changes, with nothing else happening", async () => {
    const { sse, health } = open();
    await sse.next();
    health.fast = { state: 'cooling', cooling_until: '2025-06-01T12:01:00.000Z', consecutive_failures: 3, last_failure: { at: '2025-06-01T12:00:00.000Z', reason: 'HTTP 503' } };
    const next = await sse.next();
    expect(next.event).toBe('health');
    expect(next.data).toMatchObject({ backends: [{ name: 'fast', state: 'cooling', last_failure: { reason: 'HTTP 503' } }, { name: 'smart' }] });
    await sse.reader.cancel();
  });

  it('writes a keepalive comment when nothing changes', async () => {
    const { sse } = open({ keepaliveEveryMs: 30 });
    await sse.next();
    expect(await sse.next()).toEqual({ event: ':', data: ': keepalive' });
    await sse.reader.cancel();
  });

  it('resyncs a reader that fell behind with the whole state instead of every event', async () => {
    const { sse, request } = open({ maxPending: 3 });
    await sse.next();
    for (let i = 0; i < 50; i++) request();
    const next = await sse.next();
    expect(next.event).toBe('state');
    expect((next.data as { recent: unknown[] }).recent).toHaveLength(50);
    await sse.reader.cancel();
  });

  it('stops listening when the client cancels the body', async () => {
    const { sse, recent } = open();
    await sse.next();
    expect(recent.listenerCount).toBe(1);
    await sse.reader.cancel();
    expect(recent.listenerCount).toBe(0);
  });

  it("ends the stream when the request's signal aborts (the client left) or the gateway shuts down", async () => {
    const { sse, recent, abort } = open();
    await sse.next();
    abort.abort();
    await expect(sse.next()).rejects.toThrow('the stream ended');
    expect(recent.listenerCount).toBe(0);
    const shutdown = new AbortController();
    const second = open({ shutdown: shutdown.signal });
    await second.sse.next();
    shutdown.abort();
    await expect(second.sse.next()).rejects.toThrow('the stream ended');
    expect(second.recent.listenerCount).toBe(0);
  });
});
