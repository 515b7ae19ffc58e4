import { METHOD_NAME_ALL, type Params, type Result, type Router, UnsupportedPathError } from 'hono/router';

const noParams: Params = Object.freeze(Object.create(null));

interface Route<T> {
  method: string;
  /** The path for an exact route; for `prefix/*`, the prefix; '' for `*` (every path). */
  path: string;
  wildcard: boolean;
  handler: T;
}

/**
 * Hono's router for the gateway's small, fixed table: exact paths and `prefix/*` wildcards,
 * no parameters. Hono's default RegExpRouter compiles a matcher per method on the first
 * request; on Bun that burst is enough to wake the optimizing JIT, whose code pages stay in
 * an idle gateway's memory. This table does no building, and answers a registered path from
 * a map.
 */
export class RouteTable<T> implements Router<T> {
  name = 'RouteTable';
  #routes: Route<T>[] = [];
  /** Answers for registered exact paths, by method; capped, since a client picks the method. */
  #known = new Map<string, Result<T>>();
  #exact = new Set<string>();

  add(method: string, path: string, handler: T): void {
    const wildcard = path === '*' || path.endsWith('/*');
    const prefix = wildcard ? path.slice(0, -2) : path;
    if (/[:?{}()*]/.test(prefix)) throw new UnsupportedPathError(`RouteTable takes exact paths and prefix/* only: ${path}`);
    if (!wildcard) this.#exact.add(path);
    this.#routes.push({ method, path: prefix, wildcard, handler });
    this.#known.clear();
  }

  match(method: string, path: string): Result<T> {
    if (!this.#exact.has(path)) return this.#scan(method, path);
    const key = `${method} ${path}`;
    let result = this.#known.get(key);
    if (!result) {
      result = this.#scan(method, path);
      if (this.#known.size < 64) this.#known.set(key, result);
    }
    return result;
  }

  /** Every route that applies, in the order added, as Hono runs them. */
  #scan(method: string, path: string): Result<T> {
    const handlers: [T, Params][] = [];
    for (const route of this.#routes) {
      if (route.method !== method && route.method !== METHOD_NAME_ALL) continue;
      const applies = route.wildcard
        ? path === route.path || (path.startsWith(route.path) && path.charCodeAt(route.path.length) === 47) // '/'
        : path === route.path;
      if (applies) handlers.push([route.handler, noParams]);
    }
    return [handlers];
  }
}
