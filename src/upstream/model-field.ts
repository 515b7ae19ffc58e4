import { concatBytes } from '../bytes.ts';

/**
 * Replaces the top-level `model` of a JSON object without re-serializing the rest, so every
 * other byte reaches the backend as sent (big integers, number formats, key order and
 * whitespace included). It works on the UTF-8 bytes: JSON's structure is ASCII, and no
 * byte of a multi-byte character is, so offsets found here are byte offsets, and the answer
 * is spliced in one copy, with no text to build, flatten and encode again (docs/performance.md).
 * The body must already be known to be a valid JSON object.
 */
export function replaceModel(json: Uint8Array, model: string): Uint8Array<ArrayBuffer> {
  const value = encodedValue(model);
  const spans = findTopLevelValues(json, MODEL);
  if (spans.length === 0) {
    const open = json.indexOf(OPEN_BRACE) + 1;
    const empty = json[skipSpace(json, open)] === CLOSE_BRACE;
    return concatBytes([json.subarray(0, open), MODEL_KEY, value, empty ? NOTHING : COMMA, json.subarray(open)]);
  }
  let size = json.length;
  for (let k = 0; k < spans.length; k += 2) size += value.length - (spans[k + 1]! - spans[k]!);
  const out = new Uint8Array(size);
  let last = 0;
  let at = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const start = spans[k]!;
    out.set(json.subarray(last, start), at);
    at += start - last;
    out.set(value, at);
    at += value.length;
    last = spans[k + 1]!;
  }
  out.set(json.subarray(last), at);
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MODEL = encoder.encode('"model"');
const MODEL_KEY = encoder.encode('"model":');
const COMMA = encoder.encode(',');
const NOTHING = new Uint8Array(0);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA_BYTE = 0x2c;
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** The value's JSON, encoded: the forced model is usually the same from one request to the next. */
let lastModel: string | undefined;
let lastValue = NOTHING;
function encodedValue(model: string): Uint8Array {
  if (model !== lastModel) (lastModel = model), (lastValue = encoder.encode(JSON.stringify(model)));
  return lastValue;
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

/** The start and end byte offsets, in pairs, of every top-level value whose key is `quoted` (`"model"`). */
function findTopLevelValues(json: Uint8Array, quoted: Uint8Array): number[] {
  const spans: number[] = [];
  let i = skipSpace(json, json.indexOf(OPEN_BRACE) + 1);
  while (i < json.length && json[i] !== CLOSE_BRACE) {
    const keyEnd = skipString(json, i);
    const colon = skipSpace(json, keyEnd);
    const start = skipSpace(json, json[colon] === COLON ? colon + 1 : colon);
    const end = skipValue(json, start);
    if (isKey(json, i, keyEnd, quoted)) spans.push(start, end);
    i = skipSpace(json, end);
    if (json[i] === COMMA_BYTE) i = skipSpace(json, i + 1);
  }
  return spans;
}

function skipSpace(s: Uint8Array, i: number): number {
  while (i < s.length && isSpace(s[i])) i++;
  return i;
}

/** `i` is at an opening quote; returns the offset after the closing one. */
function skipString(s: Uint8Array, i: number): number {
  for (let j = i + 1; ; ) {
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
  while (j < s.length && !isSpace(s[j]) && s[j] !== COMMA_BYTE && s[j] !== CLOSE_BRACE && s[j] !== CLOSE_BRACKET) j++;
  return j;
}
