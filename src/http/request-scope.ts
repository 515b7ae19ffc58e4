/**
 * One signal that aborts when any of the given ones does (the client leaving, the end of
 * the shutdown grace), and a way to let go of them. Unlike AbortSignal.any, nothing stays
 * attached to a long-lived signal once the request is over.
 */
export function linkSignals(...signals: Array<AbortSignal | undefined>): { signal: AbortSignal; unlink: () => void } {
  const scope = new AbortController();
  const abort = () => scope.abort();
  for (const s of signals) s?.addEventListener('abort', abort);
  return { signal: scope.signal, unlink: () => signals.forEach((s) => s?.removeEventListener('abort', abort)) };
}
