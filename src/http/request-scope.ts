/**
 * What ends a request early: the client leaving, and the end of the shutdown grace. Kept as
 * the signals themselves rather than linked into a new AbortSignal: creating a signal costs
 * several µs on Node 20, and nothing must stay attached to the long-lived shutdown signal.
 */
export type RequestEnd = readonly AbortSignal[];

export function hasEnded(end: RequestEnd): boolean {
  return end.some((s) => s.aborted);
}

/** Calls `fn` (at most once) when the request ends; returns how to stop listening. */
export function onRequestEnd(end: RequestEnd, fn: () => void): () => void {
  let called = false;
  const once = () => {
    if (!called) (called = true), fn();
  };
  for (const s of end) s.addEventListener('abort', once);
  return () => {
    for (const s of end) s.removeEventListener('abort', once);
  };
}
