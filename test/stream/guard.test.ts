// The stream guard's policy through createApp, on a fake clock: how a stream that has
// started ends, when nothing of another backend may be spliced in unverified.
import { describe, expect, it } from 'vitest';
import { A, B, policyApp, readAll } from '../support/policy-app.ts';
import { DONE, chunk, hang, reply, role, sse } from '../support/scripted-fetch.ts';

/** A streamed body's chunks as the client reads them, one string each. */
async function chunksOf(res: Response, time: { advance(ms: number): Promise<void> }): Promise<string[]> {
  const reader = res.body!.getReader();
  const chunks: string[] = [];
  const reading = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(new TextDecoder().decode(r.value));
  })();
  await time.advance(100);
  await reading;
  return chunks;
}

const inBandError = (code: string) => new RegExp(`data: \\{"error":\\{[^\\n]*"code":"${code}"`);

describe('stream guard', () => {
  it('ends a stream that falls silent past idle_timeout with an in-band error and no [DONE]', async () => {
    const { time, upstream, send } = policyApp('[defaults]\nidle_timeout = 2\n');
    upstream.script(A, sse([chunk('a'), 60_000, chunk('never')], 'hang'));
    const res = await send({ stream: true });
    const text = await readAll(res, time);
    expect(text.startsWith(chunk('a'))).toBe(true);
    expect(text).toMatch(inBandError('upstream_timeout'));
    expect(text).not.toContain('[DONE]');
    expect(upstream.callsTo(A)[0]!.aborted()).toBe(true);
  });

  it('never cuts a stream that keeps sending, however long it runs: the limit bounds silence', async () => {
    const { time, upstream, send } = policyApp('[defaults]\nidle_timeout = 2\n');
    const steps = Array.from({ length: 60 }, (_, i) => [1_500, chunk(`t${i}`)]).flat();
    upstream.script(A, sse([chunk('start'), ...steps, chunk('', 'stop'), DONE]));
    const text = await readAll(await send({ stream: true }), time, 500, 400);
    expect(text).toContain(chunk('t59'));
    expect(text.endsWith(DONE)).toBe(true);
  });

  it('reports an end without a finish reason or [DONE] in-band, never as a clean end', async () => {
    const { time, upstream, send } = policyApp();
    upstream.script(A, sse([chunk('a'), chunk('b')]));
    const text = await readAll(await send({ stream: true }), time);
    expect(text).toBe(chunk('a') + chunk('b') + text.slice((chunk('a') + chunk('b')).length));
    expect(text).toMatch(inBandError('upstream_incomplete'));
  });

  it('ends a stream at total_timeout in-band, though chunks keep coming', async () => {
    const { time, upstream, send } = policyApp('[defaults]\ntotal_timeout = 3\n');
    const steps = Array.from({ length: 100 }, (_, i) => [200, chunk(`t${i}`)]).flat();
    upstream.script(A, sse([chunk('start'), ...steps]));
    const text = await readAll(await send({ stream: true }), time);
    expect(text).toMatch(inBandError('total_timeout'));
    expect(text).not.toContain(chunk('t50'));
  });

  it('drops a malformed event and forwards every other byte as it came', async () => {
    const { time, upstream, send } = policyApp();
    upstream.script(A, sse([chunk('a'), 'data: {broken\n\n', chunk('b', 'stop'), DONE]));
    expect(await readAll(await send({ stream: true }), time)).toBe(chunk('a') + chunk('b', 'stop') + DONE);
  });

  it('sends what one upstream chunk became as one chunk: here a malformed event left out of it', async () => {
    const { time, upstream, send } = policyApp();
    upstream.script(A, sse([chunk('a'), `${chunk('b')}data: {broken\n\n${chunk('c', 'stop')}${DONE}`]));
    expect(await chunksOf(await send({ stream: true }), time)).toEqual([chunk('a'), chunk('b') + chunk('c', 'stop') + DONE]);
  });

  it('sends a translated chunk of several events (finish, usage, [DONE]) as one chunk', async () => {
    const { app, time, upstream } = policyApp();
    const usage = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } })}\n\n`;
    upstream.script(A, sse([role + chunk('Hi'), chunk('', 'stop') + usage + DONE]));
    const res = await app.request('/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'fast', input: 'Hello', stream: true }) });
    const chunks = await chunksOf(res, time);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]).toMatch(/^event: response\.created\n[\s\S]*event: response\.output_text\.delta\n/);
    expect(chunks[1]).toMatch(/^event: response\.output_text\.done\n[\s\S]*event: response\.output_item\.done\n[\s\S]*event: response\.completed\n/);
  });

  it('commits early with keep-alive comments while the first token is slow, then streams the answer', async () => {
    const { time, upstream, send } = policyApp('[streaming]\nkeepalive_after = 1\nkeepalive_interval = 1\n');
    upstream.script(A, sse([role, 3_500, chunk('late', 'stop'), DONE]));
    const pending = send({ stream: true });
    await time.advance(1_100);
    const res = await pending;
    expect(res.headers.get('x-understudy-committed')).toBe('early');
    const text = await readAll(res, time);
    expect(text).toMatch(/^(: keep-alive\n\n){2,}/);
    expect(text.endsWith(chunk('late', 'stop') + DONE)).toBe(true);
  });

  it('after an early commit, reports the failure of every backend in-band', async () => {
    const { time, upstream, send } = policyApp('[defaults]\nfirst_byte_timeout = 3\n[streaming]\nkeepalive_after = 1\nkeepalive_interval = 1\n');
    upstream.script(A, hang());
    upstream.script(B, reply(503, { error: { message: 'b is down' } }));
    const pending = send({ stream: true });
    await time.advance(1_100);
    const text = await readAll(await pending, time);
    expect(text).toContain(': keep-alive');
    expect(text).toMatch(inBandError('upstream_504'));
  });

  it('resumes a cut stream on the next backend once it has reproduced what the client has', async () => {
    const { time, upstream, send } = policyApp('[streaming]\nresume = true\n');
    upstream.script(A, sse([chunk('Hello'), chunk(' wor')], 'cut'));
    upstream.script(B, sse([chunk('Hel'), chunk('lo wo'), chunk('rld', 'stop'), DONE]));
    const text = await readAll(await send({ stream: true }), time);
    const contents = text
      .split('\n\n')
      .filter((e) => e.startsWith('data: {'))
      .map((e) => JSON.parse(e.slice(6)).choices[0].delta.content as string);
    expect(contents.join('')).toBe('Hello world');
    expect(text.endsWith(DONE)).toBe(true);
    expect(JSON.parse(upstream.callsTo(B)[0]!.body).messages).toBeUndefined(); // the same request, no assistant prefill
  });

  it('ends in-band when the resumed answer diverges from what the client has', async () => {
    const { time, upstream, send } = policyApp('[streaming]\nresume = true\n');
    upstream.script(A, sse([chunk('Hello')], 'cut'));
    upstream.script(B, sse([chunk('Goodbye', 'stop'), DONE]));
    const text = await readAll(await send({ stream: true }), time);
    expect(text.startsWith(chunk('Hello'))).toBe(true);
    expect(text).toMatch(inBandError('resume_diverged'));
    expect(text).not.toContain('Goodbye');
  });

  it('cancels the upstream request when the client stops reading', async () => {
    const { time, upstream, send } = policyApp();
    upstream.script(A, sse([chunk('a'), 1_000, chunk('b')], 'hang'));
    const res = await send({ stream: true });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await time.settle();
    expect(upstream.callsTo(A)[0]!.aborted()).toBe(true);
  });
});

describe('stream guard: what is never resumed', () => {
  it('does not resume an answer once a tool call has gone out: it ends in-band instead', async () => {
    const { time, upstream, send } = policyApp('[streaming]\nresume = true\n');
    const toolCall = `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } }] }, finish_reason: null }] })}\n\n`;
    upstream.script(A, sse([toolCall], 'cut'));
    upstream.script(B, sse([chunk('x', 'stop'), DONE]));
    const text = await readAll(await send({ stream: true }), time);
    expect(text).toMatch(inBandError('upstream_disconnected'));
    expect(upstream.callsTo(B)).toHaveLength(0);
  });
});
