import type { EndSource } from '../runtime-contract.ts';

/**
 * What ends a request early: the client leaving, and the end of the shutdown grace. Kept as
 * the sources themselves, never linked into a new AbortSignal (see docs/performance.md), and
 * nothing stays attached to the long-lived shutdown signal.
 */
export type RequestEnd = readonly (AbortSignal | EndSource)[];

/**
 * One listener on a long-lived signal, shared by every request in flight: a listener each
 * on the signal itself would pile up (and trip Node's leak warning past ten). The requests
 * are a linked list, not a Set: a long-lived Set that gains and loses an entry per request
 * is costly to garbage-collect (docs/performance.md).
 */
export class Fanout implements EndSource {
  #head: Link | undefined;

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.#callAll(), { once: true });
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  listen(fn: () => void): () => void {
    const link: Link = { fn, prev: undefined, next: this.#head };
    if (this.#head) this.#head.prev = link;
    this.#head = link;
    return () => this.#unlink(link);
  }

  /** Takes each listener off the list, then calls it: one that another stops first is not called. */
  #callAll(): void {
    for (let link = this.#head; link; link = this.#head) {
      const fn = link.fn!;
      this.#unlink(link);
      fn();
    }
  }

  #unlink(link: Link): void {
    if (!link.fn) return; // already off the list
    if (link.prev) link.prev.next = link.next;
    else this.#head = link.next;
    if (link.next) link.next.prev = link.prev;
    link.fn = link.prev = link.next = undefined;
  }
}

interface Link {
  fn: (() => void) | undefined;
  prev: Link | undefined;
  next: Link | undefined;
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
