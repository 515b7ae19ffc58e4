import type { FetchLike } from '../../src/runtime-contract.ts';

/** Runs `fn` once the current turn of the event loop is over. */
export type AtTurnEnd = (fn: () => void) => void;

type Call = { args: Parameters<FetchLike>; resolve: (res: Response) => void; reject: (err: unknown) => void };

/**
 * A fetch that, while other upstream requests are in flight, starts the requests made in one
 * turn of the event loop together at its end; a request made while none is in flight starts
 * at once (nothing to batch it with, and it must not wait). Bun's HTTP client thread then
 * wakes once per batch, not per request, and on every runtime requests started together run
 * back to back (docs/performance.md). The batched fetch says what `fetch` says (`hearsAbort`,
 * `readBody`).
 */
export function batchedFetch(fetch: FetchLike, atTurnEnd: AtTurnEnd): FetchLike {
  let calls: Call[] = [];
  let inFlight = 0; // started, headers not yet in
  const settled = () => void inFlight--;
  const start = (args: Parameters<FetchLike>): Promise<Response> => {
    let answer: Promise<Response>;
    try {
      answer = fetch(...args);
    } catch (err) {
      return Promise.reject(err); // a fetch that throws at once must not strand the rest of a batch
    }
    inFlight++;
    answer.then(settled, settled);
    return answer;
  };
  const startAll = () => {
    const now = calls;
    calls = [];
    for (const { args, resolve, reject } of now) start(args).then(resolve, reject);
  };
  const batched = (...args: Parameters<FetchLike>) => {
    if (inFlight === 0 && calls.length === 0) return start(args);
    return new Promise<Response>((resolve, reject) => {
      if (calls.push({ args, resolve, reject }) === 1) atTurnEnd(startAll);
    });
  };
  return Object.assign(batched, { hearsAbort: fetch.hearsAbort, readBody: fetch.readBody });
}
