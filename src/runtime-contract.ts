/**
 * The published contract between the core and a runtime: every type a runtime entry may
 * provide to make the gateway cheaper or more exact on that runtime. Entries in `runtimes/`
 * import this module, `boot.ts`, `startup.ts` and `log.ts`, and nothing else from `src/`;
 * the core never imports a runtime. Each piece is optional: the web-standard default is what
 * `createApp` uses without it. Why each trick exists, with its measured cost, is in
 * docs/performance.md.
 */
import type { Context } from 'hono';
import type { Backend } from './config/types.ts';

/** What the gateway needs of a reader on an upstream body: a `ReadableStreamDefaultReader` is one. */
export interface ChunkReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * Anything that can end a request, besides an `AbortSignal`: whether it has, and a way to
 * hear when it does. Cheaper than a signal where building one costs (Node).
 */
export interface EndSource {
  readonly aborted: boolean;
  /** Calls `fn` when the source ends; returns how to stop listening. */
  listen(fn: () => void): () => void;
}

/**
 * The upstream client: a plain `fetch` works. A runtime's own client may also read the
 * backend (the third argument) to apply what it supports, e.g. a connect timeout on Node;
 * if it says `hearsAbort`, it hears an abort through the fourth argument and gets no
 * `init.signal`, which is then never built. `readBody` says how its responses' bodies are
 * best read (by default `body.getReader()`); null for no body.
 */
export type FetchLike = ((input: string, init: RequestInit, backend?: Backend, abort?: EndSource) => Promise<Response>) & {
  hearsAbort?: boolean;
  readBody?: (response: Response) => ChunkReader | null;
};

/** A one-shot timer for the shared clock: calls `ring` once after about `ms`, unless the returned function is called first. */
export type Alarm = (ring: () => void, ms: number) => () => void;

/** What only the runtime knows about one incoming request. */
export interface RequestFacts {
  /** The caller's IP address; unknown callers count as remote. */
  clientAddress?: (c: Context) => string | undefined;
  /** Ends when the client leaves before its answer is done; by default the request's own signal. */
  clientGone?: (c: Context) => AbortSignal | EndSource;
  /** The client's headers, read only; by default the request's own. Called more than once per request. */
  requestHeaders?: (c: Context) => Headers;
  /** Header lines as sent, where the runtime still has them (duplicates are joined in `Headers`). */
  headerLines?: (c: Context) => number;
  /**
   * The whole body of a request that declared its length, read the runtime's cheapest way; by
   * default `req.arrayBuffer()` (on Node, that copies it into a new ArrayBuffer). Rejects if
   * the client leaves before it has sent it all.
   */
  requestBody?: (c: Context) => Promise<Uint8Array<ArrayBuffer>>;
}

/** Everything a runtime may hand the core: `createApp` and `bootGateway` take these. */
export interface RuntimeParts extends RequestFacts {
  /** The client used for every upstream request; each runtime passes its fastest. */
  fetch: FetchLike;
  /** The shared clock's timer, for a runtime whose `setTimeout` is costly (Deno). */
  alarm?: Alarm;
}
