import { GatewayError } from '../errors.ts';

const encoder = new TextEncoder();

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Compares two SHA-256 digests in time that does not depend on where they differ. */
function sameDigest(a: Uint8Array, b: Uint8Array): boolean {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The key a client presents: `Authorization: Bearer …` or `x-api-key: …`. */
export function presentedKey(headers: Headers): string | undefined {
  const auth = headers.get('authorization');
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  return headers.get('x-api-key')?.trim() || undefined;
}

/**
 * Checks a client's key against the configured ones. Keys are compared as SHA-256 digests,
 * every key every time, so neither the position nor the length of a mismatch shows in timing.
 */
export function createKeyCheck(keys: readonly string[]): (headers: Headers) => Promise<boolean> {
  const known = Promise.all(keys.map(digest));
  return async (headers) => {
    const key = presentedKey(headers);
    if (key === undefined) return false;
    const given = await digest(key);
    let ok = false;
    for (const d of await known) ok = sameDigest(d, given) || ok;
    return ok;
  };
}

export const unauthorized = () =>
  new GatewayError(401, 'Missing or invalid API key: send one of the gateway\'s client keys as "Authorization: Bearer <key>" or "x-api-key".', {
    code: 'invalid_api_key',
  });

/** 127.0.0.0/8 and ::1, also IPv4-mapped: a caller on this machine. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  return a === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(a);
}

/**
 * Whether the request names this machine as its host (`localhost`, 127.0.0.0/8, [::1]) or the
 * address the gateway listens on. A page on another site that re-points its own name at
 * 127.0.0.1 (DNS rebinding) still sends that name, and is refused what only loopback may see.
 */
export function namesThisMachine(hostHeader: string | undefined, listenHost: string): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name) || name === listenHost.replace(/^\[|\]$/g, '').toLowerCase();
}
