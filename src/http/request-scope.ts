/**
 * What ends a request early: the client leaving, and the end of the shutdown grace. Kept as
 * the sources themselves rather than linked into a new AbortSignal: creating a signal costs
 * several µs on Node 20, and nothing must stay attached to the long-lived shutdown signal.
 */
export type RequestEnd = readonly (AbortSignal | EndSource)[];

/**
 * Anything that can end a request, besides an AbortSignal: whether it has, and a way to
 * hear when it does. A runtime entry may give the client's leaving as one of these when
 * its request.signal is costly to build (Node: an AbortController per request).
 */
export interface EndSource {
  readonly aborted: boolean;
  /** Calls `fn` when the source ends; returns how to stop listening. */
  listen(fn: () => void): () => void;
}

/**
 * One listener on a long-lived signal, shared by every request in flight: a listener each
 * on the signal itself would pile up (and trip Node's leak warning past ten).
 */
export class Fanout implements EndSource {
  readonly #listeners = new Set<() => void>();

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.#listeners.forEach((fn) => fn()), { once: true });
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  listen(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }
}

export function hasEnded(end: RequestEnd): boolean {
  return end.some((s) => s.aborted);
}

/**
 * Calls `fn` (at most once) when the request ends, at once if it already has (a signal
 * never fires for a listener added after its abort); returns how to stop listening.
 */
export function onRequestEnd(end: RequestEnd, fn: () => void): () => void {
  if (hasEnded(end)) {
    fn();
    return () => {};
  }
  let called = false;
  const once = () => {
    if (!called) (called = true), fn();
  };
  const stops = end.map((s) => {
    if (!isSignal(s)) return s.listen(once);
    s.addEventListener('abort', once);
    return () => s.removeEventListener('abort', once);
  });
  return () => stops.forEach((stop) => stop());
}

const isSignal = (s: AbortSignal | EndSource): s is AbortSignal => 'addEventListener' in s;
