import type { RecordSink, RequestRecord } from './request-record.ts';

/** A request as the dashboard keeps it: a copy of the record's own fields only, numbered. */
export type RecentEntry = RequestRecord & { id: number };

/** A request answered, or its body ended (the same `id`, now with `totalMs` and `streamEnd`). */
export interface RecentEvent {
  type: 'answered' | 'ended';
  entry: RecentEntry;
}

/**
 * Copies exactly `RequestRecord`'s fields, with the entry's number: whatever else the request path
 * hangs on its object stays out. Written out whole: on Node 20, `{ ...copy, id }` is slow.
 */
export function recentEntry(r: RequestRecord, id: number): RecentEntry {
  return {
    time: r.time, method: r.method, path: r.path, api: r.api, modelAsked: r.modelAsked, modelSent: r.modelSent, alias: r.alias,
    attempts: r.attempts.map(({ backend, outcome, cause }) => (cause === undefined ? { backend, outcome } : { backend, outcome, cause })),
    backend: r.backend, translated: r.translated, status: r.status, outcome: r.outcome, firstByteMs: r.firstByteMs, totalMs: r.totalMs,
    streamEnd: r.streamEnd, stream: r.stream, upstreamMs: r.upstreamMs, tokens: r.tokens && { input: r.tokens.input, output: r.tokens.output }, id,
  };
}

/**
 * The last `capacity` requests, newest last, and listeners told of each one as it is answered and
 * as its body ends. `ended` finds its entry by the record object `answered` was given.
 */
export class RecentRequests implements RecordSink {
  /** The live records (each knows its `id`), copied only when read: a request costs the ring a slot, not a copy. */
  readonly #ring: (RequestRecord | undefined)[];
  readonly #listeners = new Set<(event: RecentEvent) => void>();
  #nextId = 1;

  constructor(readonly capacity = 200) {
    this.#ring = new Array(capacity);
  }

  started(): void {}

  answered(record: RequestRecord): void {
    const id = this.#nextId++;
    record.id = id;
    this.#ring[id % this.capacity] = record;
    if (this.#listeners.size > 0) this.#emit({ type: 'answered', entry: recentEntry(record, id) });
  }

  ended(record: RequestRecord): void {
    if (record.id === undefined) return this.answered(record); // a record `answered` never saw: keep it all the same
    if (this.#listeners.size > 0) this.#emit({ type: 'ended', entry: recentEntry(record, record.id) });
  }

  /** The requests kept, oldest first. */
  list(): RecentEntry[] {
    const entries: RecentEntry[] = [];
    for (let id = Math.max(1, this.#nextId - this.capacity); id < this.#nextId; id++) {
      const record = this.#ring[id % this.capacity];
      if (record?.id === id) entries.push(recentEntry(record, id));
    }
    return entries;
  }

  /** Calls `listener` with every event, synchronously; returns the unsubscribe. A listener that throws is dropped. */
  subscribe(listener: (event: RecentEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Listeners subscribed now. */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** A bounded queue of events for one reader that may be slow (a dashboard's event stream). */
  follow({ maxPending = 64 }: { maxPending?: number } = {}): RecentFeed {
    return new RecentFeed(this, maxPending);
  }

  #emit(event: RecentEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        this.#listeners.delete(listener); // the request path must never fail for a dashboard
      }
    }
  }
}

/** What a feed yields: an event, `lagged` when it had to drop some (read `list()` again), or `closed`. */
export type FeedItem = RecentEvent | { type: 'lagged' } | { type: 'closed' };

/**
 * One reader's queue of events. It holds at most `maxPending`: past that it drops them all and
 * says `lagged` once, so a reader that falls behind costs a resync, never memory.
 */
export class RecentFeed {
  #pending: RecentEvent[] = [];
  #lagged = false;
  #closed = false;
  #wake: (() => void) | undefined;
  readonly #unsubscribe: () => void;

  constructor(
    recent: RecentRequests,
    private readonly maxPending: number,
  ) {
    this.#unsubscribe = recent.subscribe((event) => this.#push(event));
  }

  /** The next item; waits for one. */
  async next(): Promise<FeedItem> {
    while (!this.#closed && !this.#lagged && this.#pending.length === 0) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
    if (this.#closed) return { type: 'closed' };
    if (this.#lagged) {
      this.#lagged = false;
      return { type: 'lagged' };
    }
    return this.#pending.shift()!;
  }

  /** Events waiting to be read. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Stops listening; a waiting `next()` returns `closed`. */
  close(): void {
    this.#closed = true;
    this.#pending = [];
    this.#unsubscribe();
    this.#wake?.();
  }

  #push(event: RecentEvent): void {
    if (this.#pending.length >= this.maxPending) {
      this.#pending = [];
      this.#lagged = true;
    } else if (!this.#lagged) this.#pending.push(event);
    this.#wake?.();
  }
}
