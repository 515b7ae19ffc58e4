/**
 * Joins a backend's base URL (the SDK-style prefix, e.g. `https://api.fireworks.ai/inference/v1`)
 * with the client's path under `/v1`, keeping the query string:
 * `/v1/chat/completions?x=1` → `https://api.fireworks.ai/inference/v1/chat/completions?x=1`.
 * The base URL is normalized at config time (no trailing slash, `/v1` when it had no path).
 */
export function stitchPath(baseUrl: string, pathname: string, search = ''): string {
  if (pathname !== '/v1' && !pathname.startsWith('/v1/')) throw new RangeError(`not an API path: ${pathname}`);
  return baseUrl + pathname.slice(3) + search;
}
