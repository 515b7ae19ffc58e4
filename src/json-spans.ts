/**
 * Where values sit in JSON text that is already known to be valid, found in its UTF-8 bytes
 * without parsing it: JSON's structure is ASCII, and no byte of a multi-byte character is,
 * so the offsets found are byte offsets. The gateway uses them to send on what a client wrote
 * with one value replaced (the model), without serializing the rest again.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

const decoder = new TextDecoder();

/**
 * The start and end offsets, in pairs, of every top-level value whose key is `quoted` (the
 * key's JSON text, quotes included: `"model"`). A key may be written with escapes;
 * duplicates all count (JSON.parse keeps the last).
 */
export function memberValues(json: Uint8Array, quoted: Uint8Array): number[] {
  const spans: number[] = [];
  let i = skipSpace(json, json.indexOf(OPEN_BRACE) + 1);
  while (i < json.length && json[i] !== CLOSE_BRACE) {
    const keyEnd = skipString(json, i);
    const colon = skipSpace(json, keyEnd);
    const start = skipSpace(json, json[colon] === COLON ? colon + 1 : colon);
    const end = skipValue(json, start);
    if (isKey(json, i, keyEnd, quoted)) spans.push(start, end);
    i = skipSpace(json, end);
    if (json[i] === COMMA) i = skipSpace(json, i + 1);
  }
  return spans;
}

export function skipSpace(s: Uint8Array, i: number): number {
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}

/** Whether the key at [start, end) (quotes included) is `quoted`, also when written with escapes. */
function isKey(json: Uint8Array, start: number, end: number, quoted: Uint8Array): boolean {
  if (end - start === quoted.length) {
    let i = 0;
    while (i < quoted.length && json[start + i] === quoted[i]) i++;
    if (i === quoted.length) return true;
  }
  for (let i = start + 1; i < end - 1; i++) {
    if (json[i] === BACKSLASH) return JSON.parse(decoder.decode(json.subarray(start, end))) === JSON.parse(decoder.decode(quoted));
  }
  return false;
}

/**
 * `i` is at an opening quote; returns the offset after the closing one. Short strings (keys,
 * most values) are read byte by byte: `indexOf` on a typed array is a call into the runtime
 * that costs more than they do on Node 20; long ones are left to it.
 */
function skipString(s: Uint8Array, i: number): number {
  let j = i + 1;
  for (const stop = Math.min(s.length, j + 64); j < stop; j++) {
    const c = s[j];
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) j++;
  }
  for (;;) {
    const q = s.indexOf(QUOTE, j);
    let backslashes = 0;
    for (let k = q - 1; s[k] === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

function skipValue(s: Uint8Array, i: number): number {
  const c = s[i];
  if (c === QUOTE) return skipString(s, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s[j];
      if (d === QUOTE) j = skipString(s, j) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return s.length;
  }
  let j = i;
  while (j < s.length && !isSpace(s[j]) && s[j] !== COMMA && s[j] !== CLOSE_BRACE && s[j] !== CLOSE_BRACKET) j++;
  return j;
}
