/**
 * Random ids for the objects the gateway makes up (responses, messages, items, tool calls). They
 * must not be guessable: a stored response is resolved by its id alone. Random bytes are drawn
 * a page at a time, as `crypto.randomUUID` does, and an id is one string made from character codes.
 */
const POOL = 4096;
let pool = new Uint8Array(0);
let at = POOL;

function randomBytes(n: number): Uint8Array {
  if (at + n > pool.length) (pool = crypto.getRandomValues(new Uint8Array(POOL))), (at = 0);
  const bytes = pool.subarray(at, at + n);
  at += n;
  return bytes;
}

const HEX = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const BASE62 = Array.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', (c) => c.charCodeAt(0));
/** Character codes of the id being written: one string made from them, not one per character. */
const codes: number[] = [];

/** `prefix` and 32 random hex digits (128 bits), OpenAI's style: `resp_…`, `msg_…`. */
export function hexId(prefix: string): string {
  const bytes = randomBytes(16);
  codes.length = 32;
  for (let i = 0; i < 16; i++) (codes[2 * i] = HEX[bytes[i]! >> 4]!), (codes[2 * i + 1] = HEX[bytes[i]! & 15]!);
  return prefix + String.fromCharCode.apply(null, codes);
}

/** `prefix` and `length` random base62 characters, Anthropic's style: `msg_…`, `toolu_…`. */
export function base62Id(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  codes.length = length;
  // 256 = 4 × 62 + 8: the first 8 characters come up a little more often; 24 characters still carry over 140 bits.
  for (let i = 0; i < length; i++) codes[i] = BASE62[bytes[i]! % 62]!;
  return prefix + String.fromCharCode.apply(null, codes);
}
