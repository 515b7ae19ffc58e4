/** Tokens an answer reported. */
export interface Usage {
  input: number;
  output: number;
}

const TAIL = 1024;

/**
 * The usage a whole JSON answer reports, read off its last kilobyte only (every API puts
 * `usage` at the end): chat's prompt/completion tokens, or the Responses and Messages APIs'
 * input/output tokens, each the first `"key": digits` after the last `"usage"`. Undefined when
 * it reports none. Read byte by byte, nothing decoded: this runs on every whole answer, and
 * decoding the tail and matching it cost chat passthrough 4% of its CPU on Bun (docs/performance.md).
 */
export function usageInBody(bytes: Uint8Array | undefined): Usage | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  const at = lastKey(bytes, USAGE, Math.max(0, bytes.length - TAIL));
  if (at < 0) return undefined;
  let input = -1;
  let output = -1;
  for (let i = at + USAGE.length; i < bytes.length && (input < 0 || output < 0); i++) {
    if (bytes[i] !== QUOTE) continue;
    const inputKey = input < 0 ? keyAt(bytes, i, PROMPT) || keyAt(bytes, i, INPUT) : 0;
    const outputKey = inputKey === 0 && output < 0 ? keyAt(bytes, i, COMPLETION) || keyAt(bytes, i, OUTPUT) : 0;
    if (inputKey + outputKey === 0) continue;
    const n = countAfterKey(bytes, i + inputKey + outputKey);
    if (n < 0) continue;
    if (inputKey > 0) input = n;
    else output = n;
  }
  if (input < 0 && output < 0) return undefined;
  return { input: Math.max(0, input), output: Math.max(0, output) };
}

/** Usage seen so far merged with an event's: each count as last reported. */
export function mergeUsage(seen: Usage | undefined, next: Partial<Usage> | undefined): Usage | undefined {
  if (!next) return seen;
  return { input: next.input ?? seen?.input ?? 0, output: next.output ?? seen?.output ?? 0 };
}

const QUOTE = 0x22;
const bytesOf = (key: string) => Uint8Array.from(key, (c) => c.charCodeAt(0));
const USAGE = bytesOf('"usage"');
const PROMPT = bytesOf('"prompt_tokens"');
const INPUT = bytesOf('"input_tokens"');
const COMPLETION = bytesOf('"completion_tokens"');
const OUTPUT = bytesOf('"output_tokens"');

/** `key`'s length when it (quotes included) is at `i`, else 0. */
function keyAt(bytes: Uint8Array, i: number, key: Uint8Array): number {
  if (i + key.length > bytes.length) return 0;
  for (let k = 0; k < key.length; k++) if (bytes[i + k] !== key[k]) return 0;
  return key.length;
}

/** Where the last `key` starts at or after `stop`; -1 when there is none. */
function lastKey(bytes: Uint8Array, key: Uint8Array, stop: number): number {
  for (let i = bytes.length - key.length; i >= stop; i--) if (bytes[i] === QUOTE && keyAt(bytes, i, key) > 0) return i;
  return -1;
}

/** The count in `: 123` from `i` (JSON whitespace around the colon); -1 when that is not there. */
function countAfterKey(bytes: Uint8Array, i: number): number {
  i = skipSpace(bytes, i);
  if (bytes[i] !== 0x3a) return -1;
  i = skipSpace(bytes, i + 1);
  let n = -1;
  for (; i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39; i++) n = (n < 0 ? 0 : n * 10) + bytes[i]! - 0x30;
  return n;
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09) i++;
  return i;
}
