import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Backend, BackendPolicy } from '../../src/config/types.ts';
import { Clock } from '../../src/lifecycle/clock.ts';
import { chat } from '../../src/protocols/chat.ts';
import type { EndSource, FetchLike } from '../../src/runtime-contract.ts';
import { type UpstreamRequest, attemptBackend } from '../../src/upstream/attempt.ts';
import { classifyStatus, retryAfterMs } from '../../src/upstream/classify.ts';

const base = loadConfig(undefined, { FAST_BASE_URL: 'http://b.example' }).backends.fast!;
const backend = (policy: Partial<BackendPolicy> = {}): Backend => ({ ...base, policy: { ...base.policy, ...policy } });
const req = { url: 'http://b.example/v1/chat/completions', method: 'POST', headers: {}, body: '{}' };
const opts = (o: Partial<{ end: AbortSignal[]; stream: boolean }> = {}) => ({ end: [new AbortController().signal], stream: false, ...o });
const clock = new Clock();
const attempt = (fetch: FetchLike, b: Backend, r: UpstreamRequest, o: { end: AbortSignal[]; stream: boolean }) => attemptBackend(b, r, { ...o, fetch, clock, protocol: chat });
const hang = (_url: string, init: RequestInit) =>
  new Promise<Response>((_ok, fail) => init.signal!.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError'))));
const sse = (...events: string[]) => {
  const enc = new TextEncoder();
  return new Response(new ReadableStream({ start: (c) => (events.forEach((e) => c.enqueue(enc.encode(e))), c.close()) }), { headers: { 'content-type': 'text/event-stream' } });
};

describe('classifyStatus', () => {
  it('moves on for 5xx and 429, answers other statuses', () => {
    expect([500, 502, 503, 504, 429].map((s) => classifyStatus(s))).toEqual(Array(5).fill('retryable'));
    expect([200, 400, 401, 403, 404, 408, 413, 422].map((s) => classifyStatus(s, '{}'))).toEqual(Array(8).fill('answer'));
  });

  it('sends a too-long context to the next backend, in the wordings providers use', () => {
    for (const body of [
      '{"error":{"code":"context_length_exceeded","message":"This model\'s maximum context length is 8192 tokens"}}',
      '{"error":{"message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
      '{"error":{"message":"Input is too long for requested model."}}',
      '{"error":{"message":"Please reduce the length of the messages."}}',
    ]) {
      expect(classifyStatus(400, body)).toBe('next-backend');
    }
  });

  it('keeps a content-policy refusal as the answer', () => {
    expect(classifyStatus(400, '{"error":{"code":"content_policy_violation","message":"flagged by our safety system"}}')).toBe('answer');
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, HTTP dates and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });
});

describe('attemptBackend', () => {
  it('keeps a failed status with its body, headers and Retry-After', async () => {
    const r = await attempt(async () => new Response('busy', { status: 503, headers: { 'retry-after': '3' } }), backend(), req, opts());
    if (r.ok || r.failure.kind !== 'status') throw new Error('expected a status failure');
    expect(new TextDecoder().decode(r.failure.body)).toBe('busy');
    expect(r.failure.retryAfterMs).toBe(3000);
  });

  it('calls a refused or reset connection unreachable', async () => {
    const r = await attempt(async () => Promise.reject(new TypeError('fetch failed')), backend(), req, opts());
    expect(r).toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
  });

  it('calls a response that does not start in time a timeout', async () => {
    const r = await attempt(hang, backend({ firstByteTimeoutMs: 30 }), req, opts());
    expect(r).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
  });

  it('reports a client that left, not a backend failure', async () => {
    const client = new AbortController();
    setTimeout(() => client.abort(), 10);
    const r = await attempt(hang, backend(), req, opts({ end: [client.signal] }));
    expect(r).toMatchObject({ ok: false, failure: { kind: 'client-gone' } });
  });

  it('waits past role-only deltas and comments for the first real token', async () => {
    const role = 'data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}\n\n';
    const token = 'data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n';
    const r = await attempt(async () => sse(': ping\n\n', role, token), backend(), req, opts({ stream: true }));
    if (!r.ok) throw new Error('expected an answer');
    expect(new TextDecoder().decode(r.handle.prelude)).toBe(`: ping\n\n${role}${token}`);
  });

  it('fails a stream that sends no token within the first-token deadline', async () => {
    const stalled = async (_url: string, init: RequestInit) =>
      new Response(
        new ReadableStream({
          start: (c) => {
            c.enqueue(new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}\n\n'));
            init.signal!.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const r = await attempt(stalled, backend({ firstTokenTimeoutMs: 40 }), req, opts({ stream: true }));
    expect(r).toMatchObject({ ok: false, failure: { kind: 'first-token-timeout' } });
  });

  it('fails a stream whose first event is an in-band error, or that ends with no output', async () => {
    const error = await attempt(async () => sse('data: {"error":{"message":"overloaded"}}\n\n'), backend(), req, opts({ stream: true }));
    expect(error).toMatchObject({ ok: false, failure: { kind: 'stream-error' } });
    const empty = await attempt(async () => sse(': nothing\n\n'), backend(), req, opts({ stream: true }));
    expect(empty).toMatchObject({ ok: false, failure: { kind: 'stream-error' } });
  });

  it('tells a client that hears the abort itself through its fourth argument, and builds it no signal', async () => {
    let signal: AbortSignal | undefined | null = null;
    const hears: FetchLike = Object.assign(
      (_url: string, init: RequestInit, _b?: Backend, end?: EndSource) =>
        new Promise<Response>((_ok, fail) => {
          signal = init.signal;
          end!.listen(() => fail(new Error('aborted')));
        }),
      { hearsAbort: true },
    );
    const r = await attempt(hears, backend({ firstByteTimeoutMs: 30 }), req, opts());
    expect(r).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    expect(signal).toBeUndefined();
  });

  it("reads a stream's body with the client's own readBody when it has one", async () => {
    const bodies: unknown[] = [];
    const token = 'data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n';
    const own: FetchLike = Object.assign(async () => sse(token), {
      readBody: (res: Response) => (bodies.push(res.body), res.body!.getReader()),
    });
    const r = await attempt(own, backend(), req, opts({ stream: true }));
    if (!r.ok) throw new Error('expected an answer');
    expect(bodies).toHaveLength(1);
    expect(new TextDecoder().decode(r.handle.prelude)).toBe(token);
  });
});
