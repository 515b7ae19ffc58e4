import { isObject, stringOf } from './json.ts';
import type { StoredResponse } from './request-input.ts';
import type { ResponseObject } from './types.ts';

/** Bounds of a response store. */
export type ResponseStoreOptions = {
  /** Most responses kept (default 1000). */
  maxResponses?: number;
  /** Longest a response is kept, in ms (default one hour). */
  maxAgeMs?: number;
  /** Most characters of JSON kept (default 64 Mi): histories are resent whole on every turn. */
  maxBytes?: number;
  /** The clock, injected for tests. */
  now?: () => number;
};

/**
 * A stored response and its input as JSON text: a string is one cell to the garbage collector,
 * where the objects it stands for are dozens that would outlive the young generation (a thousand
 * requests' worth of them): a translated Responses call cost 5% less CPU on Bun, 3% on Node
 * (docs/performance.md). Lookups are rare and parse what they need.
 */
type StoredText = { response: string; input: string };

/**
 * One stored response; `stored` is let go when it is dropped, which its queue slot may outlive.
 * `ids`: the item ids it was indexed under, once it has been.
 */
type Entry = { id: string; at: number; bytes: number; stored: StoredText | undefined; ids: string[] | undefined };

/**
 * The responses this process produced for translated attempts, so `previous_response_id` and
 * `item_reference` resolve: each response with the input it answered, and every item of both by
 * its id (message, reasoning and call ids the gateway generated, and the client's own input
 * item ids). Bounded by count, bytes and age; the oldest go first. Whether to store
 * (`store: false`) is the caller's call.
 *
 * `put` is on the path of every translated answer, lookups are rare (a client that leans on
 * stored state): so a put only joins a queue (oldest first), and responses and items are
 * indexed by id when one is looked up, the entries put since the last lookup at a time.
 */
export class ResponseStore {
  readonly #max: number;
  readonly #maxAge: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;
  #live = 0;
  /** Entries oldest first from `#head`; a dropped one stays behind, let go, until the front moves past it. */
  #queue: Entry[] = [];
  #head = 0;
  /** The queue up to here is indexed. */
  #indexed = 0;
  readonly #responses = new Map<string, Entry>();
  /** Item id → the newest live entry holding it. */
  readonly #items = new Map<string, Entry>();

  constructor({ maxResponses = 1000, maxAgeMs = 60 * 60 * 1000, maxBytes = 64 * 1024 * 1024, now = Date.now }: ResponseStoreOptions = {}) {
    this.#max = maxResponses;
    this.#maxBytes = maxBytes;
    this.#maxAge = maxAgeMs;
    this.#now = now;
  }

  /**
   * Keeps a response and the conversation input it answered, as JSON text (`responseJson`: the
   * response's, when the caller has already written it); what they weigh is their length.
   */
  put(response: ResponseObject, input: readonly unknown[], responseJson = JSON.stringify(response)): void {
    const at = this.#now();
    this.#expire(at);
    const stored = { response: responseJson, input: JSON.stringify(input) };
    const bytes = stored.response.length + stored.input.length;
    this.#queue.push({ id: response.id, at, bytes, stored, ids: undefined });
    this.#live++;
    this.#bytes += bytes;
    while (this.#live > this.#max || (this.#bytes > this.#maxBytes && this.#live > 1)) this.#kill(this.#oldest()!);
  }

  /** A stored response and its input (a copy of each), or undefined when unknown or expired. */
  response(id: string): StoredResponse | undefined {
    this.#lookingUp();
    const stored = this.#responses.get(id)?.stored;
    return stored && parse(stored);
  }

  /**
   * A stored item (of any stored response's input or output) by its id; a copy. The output is
   * read first, and the input (the whole history up to then) only when the id is not there: a
   * client's references are mostly to earlier answers.
   */
  item(id: string): unknown {
    this.#lookingUp();
    const stored = this.#items.get(id)?.stored;
    if (!stored) return undefined;
    const withId = (item: unknown) => isObject(item) && item.id === id;
    return (JSON.parse(stored.response) as ResponseObject).output.find(withId) ?? (JSON.parse(stored.input) as unknown[]).find(withId);
  }

  /** How many responses are kept (a response put again counts once). */
  get size(): number {
    this.#indexNew();
    return this.#live;
  }

  #lookingUp(): void {
    this.#expire(this.#now());
    this.#indexNew();
  }

  /** Indexes the entries put since the last lookup, oldest first: the newest response holding an id wins (clients resend earlier items with their ids). */
  #indexNew(): void {
    for (; this.#indexed < this.#queue.length; this.#indexed++) {
      const entry = this.#queue[this.#indexed]!;
      if (!entry.stored) continue;
      const replaced = this.#responses.get(entry.id);
      if (replaced) this.#kill(replaced);
      this.#responses.set(entry.id, entry);
      entry.ids = idsOf(parse(entry.stored));
      for (const id of entry.ids) this.#items.set(id, entry);
    }
  }

  #expire(now: number): void {
    const oldest = now - this.#maxAge;
    for (let entry = this.#oldest(); entry && entry.at <= oldest; entry = this.#oldest()) this.#kill(entry);
  }

  /** The oldest live entry, with the let-go ones before it passed over. */
  #oldest(): Entry | undefined {
    while (this.#head < this.#queue.length && !this.#queue[this.#head]!.stored) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) this.#compact();
    return this.#queue[this.#head];
  }

  #kill(entry: Entry): void {
    if (entry.ids) {
      if (this.#responses.get(entry.id) === entry) this.#responses.delete(entry.id);
      for (const id of entry.ids) if (this.#items.get(id) === entry) this.#items.delete(id);
      entry.ids = undefined;
    }
    entry.stored = undefined;
    this.#live--;
    this.#bytes -= entry.bytes;
  }

  /** Drops the queue's let-go front (amortized: only once it outweighs what is kept). */
  #compact(): void {
    this.#queue = this.#queue.slice(this.#head);
    this.#indexed = Math.max(0, this.#indexed - this.#head);
    this.#head = 0;
  }
}

function parse(stored: StoredText): StoredResponse {
  return { response: JSON.parse(stored.response) as ResponseObject, input: JSON.parse(stored.input) as unknown[] };
}

function itemsOf(stored: StoredResponse): unknown[] {
  return [...stored.input, ...stored.response.output];
}

function idsOf(stored: StoredResponse): string[] {
  const ids: string[] = [];
  for (const item of itemsOf(stored)) {
    const id = isObject(item) ? stringOf(item.id) : undefined;
    if (id) ids.push(id);
  }
  return ids;
}
