/**
 * Why a backend could not be reached, in words a user can act on, from the error each
 * runtime's fetch throws: Node's (and our Node client's) `code`, Bun's `code`, Deno's message
 * (`… tcp connect error: Connection refused (os error 111)`), and their `cause` chains. Only
 * the kind of failure is kept: an error's message may hold a URL, never a key, but a log and
 * an error body need no more than the kind.
 */
const CAUSES: ReadonlyArray<readonly [RegExp, string]> = [
  [/ECONNREFUSED|ConnectionRefused|connection refused/i, 'connection refused'],
  [/ENOTFOUND|EAI_AGAIN|EAI_NONAME|DNS|failed to lookup address|name resolution|getaddrinfo/i, 'DNS lookup failed'],
  [/CERT|TLS|SSL|certificate|handshake/i, 'TLS failed'],
  [/ECONNRESET|ConnectionReset|connection reset|EPIPE|broken pipe|socket hang up|ConnectionClosed|other side closed|UND_ERR_SOCKET|connection closed|closed unexpectedly/i, 'connection reset'],
  [/connect timeout|ETIMEDOUT|ConnectTimeout/i, 'connect timeout'],
  [/EHOSTUNREACH|ENETUNREACH|unreachable/i, 'host unreachable'],
];

/** The kind of network failure an error stands for: `connection refused`, `DNS lookup failed`, … */
export function describeNetworkError(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const text = `${(e as { code?: unknown }).code ?? ''} ${(e as { message?: unknown }).message ?? ''}`;
    for (const [pattern, cause] of CAUSES) if (pattern.test(text)) return cause;
  }
  return 'network error';
}
