import { describe, expect, it } from 'vitest';
import { batchedFetch } from '../../../runtimes/shared/batched-fetch.ts';

/** A fetch whose answers wait until released, recording what it started. */
function upstream() {
  const started: string[] = [];
  const waiting: (() => void)[] = [];
  const fetch = (input: string, init: RequestInit) => {
    started.push(input);
    if (input === 'throws') throw new TypeError('invalid URL');
    return new Promise<Response>((resolve, reject) =>
      waiting.push(() => (input === 'refused' ? reject(new Error('refused')) : resolve(new Response(`${input} ${init.method ?? ''}`.trim())))),
    );
  };
  const releaseAll = () => waiting.splice(0).forEach((release) => release());
  return { fetch, started, releaseAll };
}
const texts = (answers: Promise<Response>[]) =>
  Promise.allSettled(answers.map((p) => p.then((res) => res.text()))).then((all) => all.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)));

describe('batchedFetch', () => {
  it('starts a request at once when none is in flight', async () => {
    const up = upstream();
    const fetch = batchedFetch(up.fetch, setImmediate);
    const answer = fetch('a', {});
    expect(up.started).toEqual(['a']);
    up.releaseAll();
    expect(await (await answer).text()).toBe('a');
  });

  it('while one is in flight, starts the requests of a turn together at its end, each with its own answer', async () => {
    const up = upstream();
    const fetch = batchedFetch(up.fetch, setImmediate);
    const first = fetch('first', {});
    const batch = ['b', 'refused', 'c'].map((input) => fetch(input, { method: 'POST' }));
    await Promise.resolve();
    expect(up.started).toEqual(['first']); // the others wait for the turn to end
    await new Promise((r) => setImmediate(r));
    expect(up.started).toEqual(['first', 'b', 'refused', 'c']);
    up.releaseAll();
    expect(await texts([first, ...batch])).toEqual(['first', 'b POST', 'refused', 'c POST']);
    const later = fetch('d', {}); // nothing in flight again: no wait
    expect(up.started.at(-1)).toBe('d');
    up.releaseAll();
    await later;
  });

  it('still starts the rest of a batch when a fetch throws instead of rejecting', async () => {
    const up = upstream();
    const fetch = batchedFetch(up.fetch, setImmediate);
    const first = fetch('first', {});
    const answers = texts([fetch('throws', {}), fetch('good', {})]); // handled before the batch starts
    await new Promise((r) => setImmediate(r));
    up.releaseAll();
    expect(await texts([first])).toEqual(['first']);
    expect(await answers).toEqual(['invalid URL', 'good']);
  });

  it("passes every argument through and says what the fetch says (hearsAbort, readBody)", async () => {
    const seen: unknown[][] = [];
    const readBody = () => null;
    const own = Object.assign(async (...args: unknown[]) => (seen.push(args), new Response(null)), { hearsAbort: true, readBody });
    const fetch = batchedFetch(own, setImmediate);
    expect([fetch.hearsAbort, fetch.readBody]).toEqual([true, readBody]);
    const end = { aborted: false, listen: () => () => {} };
    await Promise.all([fetch('x', {}, undefined, end), fetch('y', {}, undefined, end)]); // one at once, one batched
    expect(seen.map((args) => [args[0], args[3]])).toEqual([['x', end], ['y', end]]);
  });

  it('passes each request its own init, signal included', async () => {
    const seen: RequestInit[] = [];
    const fetch = batchedFetch(async (_input, init) => (seen.push(init), new Response(null)), setImmediate);
    const signal = new AbortController().signal;
    await Promise.all([fetch('x', { method: 'GET', signal }), fetch('y', { method: 'DELETE' })]);
    expect(seen.map((i) => [i.method, i.signal])).toEqual([['GET', signal], ['DELETE', undefined]]);
  });
});
