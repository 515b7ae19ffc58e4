import type { LogSink } from '../../src/log.ts';
import type { AtTurnEnd } from './batched-fetch.ts';

/** Takes lines; `write` gets a turn's lines at once, as one text (no final newline). */
export interface BatchedLines {
  (line: string): void;
  /** Writes what is pending now. */
  flush(): void;
}

/** Collects the lines logged in one turn of the event loop and writes them at its end, joined, in one call. */
export function batchedLines(write: (text: string) => void, atTurnEnd: AtTurnEnd): BatchedLines {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('\n');
    pending = [];
    write(text);
  };
  return Object.assign((line: string) => {
    if (pending.push(line) === 1) atTurnEnd(flush);
  }, { flush });
}

/**
 * The entries' log sink: `console.log` and `console.error` (which drop write errors, such as a
 * closed pipe), a turn's lines at a time. Each call writes to stdout or stderr synchronously,
 * a system call each: costly with a line per request, the default (docs/performance.md).
 * `onExit` registers the flush of what is still pending when the process exits, which ends
 * the turn early.
 */
export function batchedConsole(atTurnEnd: AtTurnEnd, onExit: (flush: () => void) => void): LogSink {
  const out = batchedLines((text) => console.log(text), atTurnEnd);
  const err = batchedLines((text) => console.error(text), atTurnEnd);
  onExit(() => {
    out.flush();
    err.flush();
  });
  return { out, err };
}
