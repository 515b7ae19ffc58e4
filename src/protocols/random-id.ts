/**
 * Random ids for the objects the gateway makes up (responses, messages, items, tool calls). They
 * must not be guessable: a stored response is resolved by its id alone. Random bytes are drawn
 * a page at a time, as `crypto.randomUUID` does, so an id costs a table lookup per character.
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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `prefix` and 32 random hex digits (128 bits), OpenAI's style: `resp_…`, `msg_…`. */
export function hexId(prefix: string): string {
  const bytes = randomBytes(16);
  let id = prefix;
  for (let i = 0; i < 16; i++) id += HEX[bytes[i]!];
  return id;
}

/** `prefix` and `length` random base62 characters, Anthropic's style: `msg_…`, `toolu_…`. */
export function base62Id(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = prefix;
  // 256 = 4 × 62 + 8: the first 8 characters come up a little more often; 24 characters still carry over 140 bits.
  for (let i = 0; i < length; i++) id += BASE62[bytes[i]! % 62];
  return id;
}
