import type { FetchLike } from '../src/upstream/attempt.ts';

type Call = { input: string; init: RequestInit; resolve: (res: Response) => void; reject: (err: unknown) => void };

/**
 * A fetch that starts the requests made in one turn of the event loop together, at its end
 * (setImmediate). Bun's fetch hands each request to its HTTP client thread and wakes that
 * thread to take it; between the gateway's requests the thread had gone back to sleep, so
 * under load each request paid a wake-up: a futex call and two context switches on the
 * gateway's core, most of Bun's CPU per request. Batched, it wakes about once per turn.
 */
export function batchedFetch(fetch: (input: string, init: RequestInit) => Promise<Response>): FetchLike {
  let calls: Call[] = [];
  const startAll = () => {
    const now = calls;
    calls = [];
    for (const { input, init, resolve, reject } of now) {
      try {
        fetch(input, init).then(resolve, reject);
      } catch (err) {
        reject(err); // a fetch that throws at once must not strand the rest of the batch
      }
    }
  };
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      if (calls.push({ input, init, resolve, reject }) === 1) setImmediate(startAll);
    });
}
