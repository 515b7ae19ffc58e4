import { describe, expect, it } from 'vitest';
import { batchedFetch } from '../../runtimes/batched-fetch.ts';

describe('batchedFetch', () => {
  it('starts the fetches of one turn together at its end, in order, each with its own answer', async () => {
    const started: string[] = [];
    const fetch = batchedFetch(async (input) => {
      started.push(input);
      if (input === 'b') throw new Error('refused');
      return new Response(input);
    });
    const answers = ['a', 'b', 'c'].map((input) => fetch(input, { method: 'POST' }));
    await Promise.resolve();
    expect(started).toEqual([]); // nothing before the turn ends
    const settled = await Promise.allSettled(answers.map((p) => p.then((res) => res.text())));
    expect(started).toEqual(['a', 'b', 'c']);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['a', 'refused', 'c']);
    await fetch('d', {});
    expect(started).toEqual(['a', 'b', 'c', 'd']); // a later turn starts its own batch
  });

  it('still starts the rest of a batch when a fetch throws instead of rejecting', async () => {
    const fetch = batchedFetch((input) => {
      if (input === 'bad') throw new TypeError('invalid URL');
      return Promise.resolve(new Response(input));
    });
    const settled = await Promise.allSettled([fetch('bad', {}), fetch('good', {})].map((p) => p.then((res) => res.text())));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['invalid URL', 'good']);
  });

  it('passes each request its own init, signal included', async () => {
    const seen: RequestInit[] = [];
    const fetch = batchedFetch(async (_input, init) => (seen.push(init), new Response(null)));
    const signal = new AbortController().signal;
    await Promise.all([fetch('x', { method: 'GET', signal }), fetch('y', { method: 'DELETE' })]);
    expect(seen.map((i) => [i.method, i.signal])).toEqual([['GET', signal], ['DELETE', undefined]]);
  });
});
