// The failover walk's policy through createApp, on a fake clock: each case runs in
// milliseconds. The socket suites (test/http/) prove the same on the real runtimes.
import { describe, expect, it } from 'vitest';
import { A, B, policyApp, readAll } from '../support/policy-app.ts';
import { DONE, chunk, hang, refuse, reply, role, sse } from '../support/scripted-fetch.ts';

const attempts = (res: Response) => res.headers.get('x-understudy-attempts');

describe('failover walk', () => {
  it('moves to the next backend when the first does not start its response within first_byte_timeout', async () => {
    const { time, upstream, send } = policyApp('[defaults]\nfirst_byte_timeout = 5\n');
    upstream.script(A, hang());
    upstream.script(B, reply(200, { ok: 'b' }));
    const pending = send({});
    await time.advance(4_900);
    expect(upstream.callsTo(B)).toHaveLength(0);
    await time.advance(200);
    const res = await pending;
    expect(attempts(res)).toBe('a:timeout,b:200');
    expect(upstream.callsTo(A)[0]!.aborted()).toBe(true);
  });

  it('answers 504 when the primary timed out and the fallback failed too', async () => {
    const { time, upstream, send } = policyApp('[defaults]\nfirst_byte_timeout = 1\n');
    upstream.script(A, hang());
    upstream.script(B, reply(503, { error: { message: 'busy' } }));
    const pending = send({});
    await time.advance(1_100);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(attempts(res)).toBe('a:timeout,b:503');
  });

  it('says why a backend could not be reached, in the 502, the log and /health, never in the attempts header', async () => {
    const { app, upstream, send, lines } = policyApp();
    upstream.script(A, refuse('ECONNREFUSED'));
    upstream.script(B, refuse('ENOTFOUND'));
    const res = await send({});
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('(connection refused)');
    expect(attempts(res)).toBe('a:unreachable,b:unreachable');
    expect(lines.join('\n')).toContain('attempts=a:unreachable(connection refused),b:unreachable(DNS lookup failed)');
    const health = (await (await app.request('/health')).json()) as { backends: Array<{ last_failure: { reason: string } }> };
    expect(health.backends.map((b) => b.last_failure.reason)).toEqual(['unreachable (connection refused)', 'unreachable (DNS lookup failed)']);
  });

  it('fails over when a stream sends role-only deltas but no token within first_token_timeout', async () => {
    const { time, upstream, send } = policyApp('[defaults]\nfirst_token_timeout = 2\n');
    upstream.script(A, sse([role, 60_000, chunk('late')], 'hang'));
    upstream.script(B, sse([chunk('from b', 'stop'), DONE]));
    const pending = send({ stream: true });
    await time.advance(2_100);
    const res = await pending;
    expect(attempts(res)).toBe('a:first-token-timeout,b:200');
    expect(await readAll(res, time)).toBe(chunk('from b', 'stop') + DONE);
  });

  it('retries a 500 with jittered backoff on the clock, then keeps the backend that recovered', async () => {
    const { time, upstream, send } = policyApp('[defaults]\nretries = 2\nretry_backoff = 1\n');
    upstream.script(A, reply(500), reply(500), reply(200, { ok: 'a' }));
    const pending = send({});
    await time.advance(400); // backoff is at least half its base
    expect(upstream.callsTo(A)).toHaveLength(1);
    await time.advance(4_000);
    const res = await pending;
    expect(attempts(res)).toBe('a:500,a:500,a:200');
    expect(upstream.callsTo(B)).toHaveLength(0);
  });

  it('waits out a Retry-After within retry_after_max, exactly, then tries the same backend again', async () => {
    const { time, upstream, send } = policyApp('[defaults]\nretry_after_max = 5\n');
    upstream.script(A, reply(429, {}, { 'retry-after': '3' }), reply(200, { ok: 'a' }));
    const pending = send({});
    await time.advance(2_900);
    expect(upstream.callsTo(A)).toHaveLength(1);
    await time.advance(200);
    expect(attempts(await pending)).toBe('a:429,a:200');
  });

  it('moves on at once when Retry-After is longer than the backend will wait', async () => {
    const { upstream, send } = policyApp('[defaults]\nretry_after_max = 5\n');
    upstream.script(A, reply(429, {}, { 'retry-after': '60' }));
    upstream.script(B, reply(200, { ok: 'b' }));
    expect(attempts(await send({}))).toBe('a:429,b:200');
  });

  it('stops walking, and answers 499, when the client leaves while backends are tried', async () => {
    const { app, time, upstream } = policyApp('[defaults]\nfirst_byte_timeout = 10\n');
    upstream.script(A, hang());
    upstream.script(B, reply(200));
    const client = new AbortController();
    const pending = app.request('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"ab"}', signal: client.signal });
    await time.advance(1_000);
    client.abort();
    await time.advance(100);
    expect((await pending).status).toBe(499);
    expect(upstream.callsTo(A)[0]!.aborted()).toBe(true);
    expect(upstream.callsTo(B)).toHaveLength(0);
  });
});
