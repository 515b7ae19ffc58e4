import type { EndSource } from '../runtime-contract.ts';

/**
 * Ends one upstream request: a deadline, the client leaving, a stalled stream. The gateway's
 * own code listens in plain JS; an `AbortSignal` is built only for a client that needs one
 * (a web `fetch`): building one costs CPU on every request (docs/performance.md), and the
 * Node entry's client listens here instead (see `FetchLike`).
 */
export class UpstreamAbort implements EndSource {
  #aborted = false;
  #reason: unknown;
  #listeners: (() => void)[] = [];
  #controller: AbortController | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why it ended; undefined until then. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Ends it, once; later calls change nothing. */
  abort(reason: unknown = new Error('upstream request aborted')): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const fn of listeners) fn();
  }

  listen(fn: () => void): () => void {
    if (this.#aborted) return () => {};
    this.#listeners.push(fn);
    return () => {
      const i = this.#listeners.indexOf(fn);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  /** The same end as a web `AbortSignal`, built on first use (already aborted if this has ended). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }
}
