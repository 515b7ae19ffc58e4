/**
 * What ends a request early: the client leaving, and the end of the shutdown grace. Kept as
 * the sources themselves rather than linked into a new AbortSignal: creating a signal costs
 * several µs on Node 20, and nothing must stay attached to the long-lived shutdown signal.
 */
export type RequestEnd = readonly (AbortSignal | Fanout)[];

/**
 * One listener on a long-lived signal, shared by every request in flight: a listener each
 * on the signal itself would pile up (and trip Node's leak warning past ten).
 */
export class Fanout {
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

/** Calls `fn` (at most once) when the request ends; returns how to stop listening. */
export function onRequestEnd(end: RequestEnd, fn: () => void): () => void {
  let called = false;
  const once = () => {
    if (!called) (called = true), fn();
  };
  const stops = end.map((s) => {
    if (s instanceof Fanout) return s.listen(once);
    s.addEventListener('abort', once);
    return () => s.removeEventListener('abort', once);
  });
  return () => stops.forEach((stop) => stop());
}
