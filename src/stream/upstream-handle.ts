import type { UpstreamAbort } from '../lifecycle/upstream-abort.ts';
import type { ChunkReader } from '../runtime-contract.ts';

/**
 * A backend's answer, not yet sent: made by the attempt that got it, consumed once by the
 * stream layer, which sends it to the client and closes it when the body has ended.
 */
export interface UpstreamHandle {
  readonly status: number;
  readonly headers: Headers;
  /** An event stream: forwarded event by event, failures reported in-band. Any other body passes raw. */
  readonly sse: boolean;
  /** What was read before answering: the whole body, or a stream's events up to its first real content. */
  readonly prelude: Uint8Array<ArrayBuffer> | undefined;
  /** The rest of the body, not yet read; null when the prelude is all of it. */
  readonly reader: ChunkReader | null;
  /** Ends the upstream request (a stall, the client leaving); its deadlines end it too. */
  readonly upstream: UpstreamAbort;
  /** Longest silence between chunks once the body flows; 0 = none. */
  readonly idleMs: number;
  /** True once the backend's total limit has cut the request. */
  pastTotal(): boolean;
  /** Stops the attempt's timers and listeners. Called once, when the body has ended however it ended. */
  close(): void;
}

/** Where a failed stream may continue: the rest of the chain, answering the same request. */
export interface Continuation {
  /** The next backend's answer, or undefined when none could give one. */
  next(): Promise<UpstreamHandle | undefined>;
}
