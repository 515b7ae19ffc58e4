import type { IncomingMessage } from 'node:http';

/**
 * Headers on Node, read straight off node:http's raw list: a backend's response headers, and
 * a client's request headers. The core only reads them (`get`, `has`, `forEach`), and Node
 * 20's `Headers` (undici's, in JavaScript) is costly to fill and to walk (docs/performance.md);
 * @hono/node-server fills one for a request's headers on their first walk. So those
 * three read a map built in one pass, and any other method first builds the real `Headers`,
 * which answers everything from then on.
 *
 * It stands in for a `Headers` (cast where it is made: the type also carries Bun's extra
 * methods, which nothing on Node calls). Two differences, neither of which a client can rely
 * on: `forEach` goes in the order received, not sorted by name; and names are not checked,
 * since node:http has already refused any message with an invalid one.
 */
export class NodeHeaders {
  readonly #raw: readonly string[];
  /** Lower-case name → values joined by ", ", as `Headers.get` returns them; dropped once `#real` exists. */
  #map: Map<string, string> | undefined;
  #real: Headers | undefined;
  /** `set-cookie` values are each their own header when iterated: those walks go to the real `Headers`. */
  readonly #cookies: boolean;

  constructor(raw: readonly string[]) {
    const map = new Map<string, string>();
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase();
      const had = map.get(name);
      map.set(name, had === undefined ? raw[i + 1]! : `${had}, ${raw[i + 1]!}`);
    }
    this.#raw = raw;
    this.#map = map;
    this.#cookies = map.has('set-cookie');
  }

  get(name: string): string | null {
    return this.#map ? (this.#map.get(name.toLowerCase()) ?? null) : this.#real!.get(name);
  }

  has(name: string): boolean {
    return this.#map ? this.#map.has(name.toLowerCase()) : this.#real!.has(name);
  }

  forEach(fn: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    const parent = this as unknown as Headers;
    if (this.#map && !this.#cookies) for (const [name, value] of this.#map) fn.call(thisArg, value, name, parent);
    else this.#built().forEach((value, name) => fn.call(thisArg, value, name, parent));
  }

  append(name: string, value: string): void {
    this.#built().append(name, value);
  }

  delete(name: string): void {
    this.#built().delete(name);
  }

  set(name: string, value: string): void {
    this.#built().set(name, value);
  }

  getSetCookie(): string[] {
    return this.#built().getSetCookie();
  }

  keys(): HeadersIterator<string> {
    return this.#built().keys();
  }

  values(): HeadersIterator<string> {
    return this.#built().values();
  }

  entries(): HeadersIterator<[string, string]> {
    return this.#built().entries();
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.#built().entries();
  }

  /** How `console.log` and `util.inspect` show it: as the real `Headers` (whose own rendering would throw on this object). */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return inspect(this.#built(), options);
  }

  #built(): Headers {
    if (!this.#real) {
      const real = new Headers();
      for (let i = 0; i < this.#raw.length; i += 2) real.append(this.#raw[i]!, this.#raw[i + 1]!);
      this.#real = real;
      this.#map = undefined;
    }
    return this.#real;
  }
}

// `instanceof Headers` holds, and `toString` reads `[object Headers]`.
Object.setPrototypeOf(NodeHeaders.prototype, Headers.prototype);

const HEADERS = Symbol('understudy.headers');

/** A client request's headers, built once per request: the core asks for them more than once. */
export function requestHeadersOf(incoming: IncomingMessage & { [HEADERS]?: Headers }): Headers {
  return (incoming[HEADERS] ??= new NodeHeaders(incoming.rawHeaders) as unknown as Headers);
}
