/**
 * Deno's fetch sends a request once more by itself when a reused connection fails before
 * any answer (Deno 2.9, denoland/deno#35610): a backend that took the request and then reset
 * the connection gets it twice. No Deno.createHttpClient option turns that off short of no
 * keep-alive at all. A body of known length sent as a stream (a Blob) cannot be re-sent, but
 * costs Deno more CPU per request than plain bytes; so bodies go as bytes until a backend's
 * connection fails, then as Blobs for a minute: only a first failure can reach a backend twice.
 */
type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function withoutResends(fetch: Fetch): Fetch {
  const failing = new Map<string, number>(); // origin → until when its bodies go as Blobs
  const originOf = (url: string) => url.slice(0, url.indexOf('/', 8));
  const isFailing = (origin: string) => {
    const until = failing.get(origin);
    if (until !== undefined && until <= Date.now()) failing.delete(origin);
    return until !== undefined && until > Date.now();
  };
  return (input, init = {}) => {
    const url = String(input);
    const asBlob = failing.size > 0 && init.body instanceof Uint8Array && isFailing(originOf(url));
    return fetch(url, asBlob ? { ...init, body: new Blob([init.body as Uint8Array<ArrayBuffer>]) } : init).catch((err) => {
      if (!init.signal?.aborted) failing.set(originOf(url), Date.now() + 60_000); // not our own abort
      throw err;
    });
  };
}
