/**
 * Which headers cross the gateway, in each direction. Hop-by-hop headers describe one
 * connection and must not be forwarded (RFC 9110 §7.6.1), nor any header a message
 * names in its own `Connection` field.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Never sent upstream: the client's credentials (the backend gets its own key), the
 * client's view of our address, and framing the fetch implementation sets itself.
 */
const CLIENT_ONLY = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'cookie',
  'host',
  'content-length',
  'accept-encoding',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-real-ip',
  'origin',
  'referer',
]);

/** The header names a `Connection` field lists; none for the usual `keep-alive` or `close`. */
function connectionListed(value: string | null | undefined): Set<string> | undefined {
  if (!value || value === 'keep-alive' || value === 'close') return undefined; // both hop-by-hop already
  return new Set(value.split(',').map((t) => t.trim().toLowerCase()));
}

/**
 * The headers a backend receives: the client's safe ones (less any `withheld`, such as another
 * protocol's own) plus the backend's configured ones and its key, as a plain record of lower-case
 * names (no `Headers` to build and iterate again in the client). Left out in this one pass, not
 * deleted after: a `delete` turns V8's object into a slow dictionary.
 */
export function buildUpstreamHeaders(incoming: Headers, apiKey: string | undefined, extra: Record<string, string> = {}, withheld?: (name: string) => boolean): Record<string, string> {
  const listed = connectionListed(incoming.get('connection'));
  const out: Record<string, string> = {};
  incoming.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || CLIENT_ONLY.has(name) || listed?.has(name) || withheld?.(name)) return;
    out[name] = value;
  });
  for (const [name, value] of Object.entries(extra)) out[name.toLowerCase()] = value;
  if (apiKey) out.authorization = `Bearer ${apiKey}`;
  return out;
}

/**
 * Response headers in the form every runtime sends fastest: a plain record, or a `Headers`
 * list when the upstream repeats a header that cannot be joined (`set-cookie`).
 */
export type ClientHeaders = Record<string, string> | Headers;

export function setHeader(headers: ClientHeaders, name: string, value: string): void {
  if (headers instanceof Headers) headers.set(name, value);
  else headers[name] = value;
}

/**
 * The headers the client receives with an upstream body. fetch has already decoded any
 * `content-encoding`, so the encoding and its length no longer describe the bytes we send.
 * One pass over the upstream's headers, the rare cases fixed after: on Bun each call into a
 * `Headers` (`has`, `get`) is a native call that costs about as much as copying a header.
 * `reframed`: the body sent is not the upstream's own (translated, or capped), so its length is
 * left out for the runtime to frame; skipped here, not deleted after (a `delete` turns V8's
 * object into a slow dictionary).
 */
export function buildClientHeaders(upstream: Headers, reframed = false): ClientHeaders {
  const out: Record<string, string> = {};
  let connection: string | undefined;
  let decoded = false;
  let cookies = false;
  upstream.forEach((value, name) => {
    if (HOP_BY_HOP.has(name)) {
      if (name === 'connection') connection = value;
      return;
    }
    if (name === 'content-encoding') decoded = true;
    else if (name === 'set-cookie') cookies = true;
    else if (reframed && name === 'content-length') return;
    out[name] = value;
  });
  const dropped = droppedNames(connection, decoded); // none, almost always
  if (cookies) return withEachCookie(upstream, reframed ? (dropped ?? new Set<string>()).add('content-length') : dropped);
  if (dropped) for (const name of dropped) delete out[name];
  return out;
}

/** Names that no longer describe the message: those its `Connection` lists, and the encoding once decoded. */
function droppedNames(connection: string | undefined, decoded: boolean): Set<string> | undefined {
  const listed = connectionListed(connection);
  if (!decoded) return listed;
  return (listed ?? new Set<string>()).add('content-encoding').add('content-length');
}

/** Every `set-cookie` the upstream sent stays its own header: they cannot be joined. */
function withEachCookie(upstream: Headers, dropped: Set<string> | undefined): Headers {
  const out = new Headers();
  upstream.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && !dropped?.has(name)) out.append(name, value);
  });
  return out;
}
