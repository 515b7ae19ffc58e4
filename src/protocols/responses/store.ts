import { isObject, stringOf } from './json.ts';
import type { StoredResponse } from './request-input.ts';
import type { ResponseObject } from './types.ts';

/** Bounds of a response store. */
export type ResponseStoreOptions = {
  /** Most responses kept (default 1000). */
  maxResponses?: number;
  /** Longest a response is kept, in ms (default one hour). */
  maxAgeMs?: number;
  /** Most bytes kept, as told by `put` (default 64 MiB): histories are resent whole on every turn. */
  maxBytes?: number;
  /** The clock, injected for tests. */
  now?: () => number;
};

type Entry = StoredResponse & { at: number; ids: string[]; bytes: number };

/**
 * The responses this process produced for translated attempts, so `previous_response_id` and
 * `item_reference` resolve: each response with the input it answered, and every item of both by
 * its id (message, reasoning and call ids the gateway generated, and the client's own input
 * item ids). Bounded by count and by age; the oldest go first. Whether to store (`store: false`)
 * is the caller's call.
 */
export class ResponseStore {
  readonly #max: number;
  readonly #maxAge: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;
  readonly #responses = new Map<string, Entry>(); // insertion order is age order
  readonly #items = new Map<string, { entry: Entry; item: unknown }>();

  constructor({ maxResponses = 1000, maxAgeMs = 60 * 60 * 1000, maxBytes = 64 * 1024 * 1024, now = Date.now }: ResponseStoreOptions = {}) {
    this.#max = maxResponses;
    this.#maxBytes = maxBytes;
    this.#maxAge = maxAgeMs;
    this.#now = now;
  }

  /**
   * Keeps a response and the conversation input it answered (by reference, not copied); `bytes`
   * is what it weighs (the request body's length will do).
   */
  put(response: ResponseObject, input: readonly unknown[], bytes = 0): void {
    this.#expire();
    this.#drop(response.id);
    const entry: Entry = { response, input, at: this.#now(), ids: [], bytes };
    this.#responses.set(response.id, entry);
    this.#bytes += bytes;
    for (const item of input) this.#index(entry, item);
    for (const item of response.output) this.#index(entry, item);
    while (this.#responses.size > this.#max || (this.#bytes > this.#maxBytes && this.#responses.size > 1)) {
      this.#drop(this.#responses.keys().next().value!);
    }
  }

  /** A stored response and its input, or undefined when unknown or expired. */
  response(id: string): StoredResponse | undefined {
    this.#expire();
    const entry = this.#responses.get(id);
    return entry && { response: entry.response, input: entry.input };
  }

  /** A stored item (of any stored response's input or output) by its id. */
  item(id: string): unknown {
    this.#expire();
    return this.#items.get(id)?.item;
  }

  /** How many responses are kept. */
  get size(): number {
    return this.#responses.size;
  }

  #index(entry: Entry, item: unknown): void {
    const id = isObject(item) ? stringOf(item.id) : undefined;
    if (!id) return;
    // The newest response holding an id wins: clients resend earlier items with their ids.
    this.#items.set(id, { entry, item });
    entry.ids.push(id);
  }

  #expire(): void {
    const oldest = this.#now() - this.#maxAge;
    for (const [id, entry] of this.#responses) {
      if (entry.at > oldest) break;
      this.#drop(id);
    }
  }

  #drop(id: string): void {
    const entry = this.#responses.get(id);
    if (!entry) return;
    this.#responses.delete(id);
    this.#bytes -= entry.bytes;
    for (const itemId of entry.ids) if (this.#items.get(itemId)?.entry === entry) this.#items.delete(itemId);
  }
}
