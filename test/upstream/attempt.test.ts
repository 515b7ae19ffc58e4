import { describe, expect, it } from 'vitest';
import { attemptBackend, isRetryableStatus } from '../../src/upstream/attempt.ts';

const backend = { name: 'b', baseUrl: 'http://b.example/v1' };
const req = { url: 'http://b.example/v1/chat/completions', method: 'POST', headers: new Headers(), body: '{}' };
const opts = (o: Partial<{ timeoutMs: number; clientSignal: AbortSignal; keepFailureBody: boolean }> = {}) => ({
  timeoutMs: 1000,
  clientSignal: new AbortController().signal,
  keepFailureBody: true,
  ...o,
});
const hang = (_url: string, init: RequestInit) =>
  new Promise<Response>((_ok, fail) => init.signal!.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError'))));

describe('failure classification', () => {
  it('moves on for 5xx and 429 only', () => {
    expect([500, 502, 503, 504, 429].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 408, 413, 422].some(isRetryableStatus)).toBe(false);
  });

  it('keeps a failed status with its body and headers', async () => {
    const r = await attemptBackend(async () => new Response('busy', { status: 503, headers: { 'retry-after': '3' } }), backend, req, opts());
    expect(r.ok).toBe(false);
    if (r.ok || r.failure.kind !== 'status') throw new Error('expected a status failure');
    expect(new TextDecoder().decode(r.failure.body)).toBe('busy');
    expect(r.failure.headers.get('retry-after')).toBe('3');
  });

  it('calls a refused or reset connection unreachable', async () => {
    const r = await attemptBackend(async () => Promise.reject(new TypeError('fetch failed')), backend, req, opts());
    expect(r).toMatchObject({ ok: false, failure: { kind: 'unreachable' } });
  });

  it('calls a response that does not start in time a timeout', async () => {
    const r = await attemptBackend(hang, backend, req, opts({ timeoutMs: 30 }));
    expect(r).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
  });

  it('reports a client that left, not a backend failure', async () => {
    const client = new AbortController();
    setTimeout(() => client.abort(), 10);
    const r = await attemptBackend(hang, backend, req, opts({ clientSignal: client.signal }));
    expect(r).toMatchObject({ ok: false, failure: { kind: 'client-gone' } });
  });
});
