import { concatBytes } from '../bytes.ts';

/**
 * Replaces the top-level `model` of a JSON object without re-serializing the rest, so every
 * other byte reaches the backend as sent (big integers, number formats, key order and
 * whitespace included). It works on the UTF-8 bytes: JSON's structure is ASCII, and no
 * byte of a multi-byte character is, so offsets found here are byte offsets, and the answer
 * is spliced in one copy, with no text to build, flatten and encode again (tens of ms for a
 * multi-megabyte prompt). The body must already be known to be a valid JSON object.
 */
export function replaceModel(json: Uint8Array, model: string): Uint8Array<ArrayBuffer> {
  const value = encodedValue(model);
  const spans = findTopLevelValues(json, MODEL);
  if (spans.length === 0) {
    const open = json.indexOf(OPEN_BRACE) + 1;
    const empty = json[skipSpace(json, open)] === CLOSE_BRACE;
    return concatBytes([json.subarray(0, open), MODEL_KEY, value, empty ? NOTHING : COMMA, json.subarray(open)]);
  }
  const parts: Uint8Array[] = [];
  let last = 0;
  for (const [start, end] of spans) {
    parts.push(json.subarray(last, start), value);
    last = end;
  }
  parts.push(json.subarray(last));
  return concatBytes(parts);
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
  const key = json.subarray(start, end);
  if (key.includes(BACKSLASH)) return JSON.parse(decoder.decode(key)) === JSON.parse(decoder.decode(quoted));
  if (key.length !== quoted.length) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== quoted[i]) return false;
  return true;
}

/** The [start, end) byte offsets of every top-level value whose key is `quoted` (`"model"`). */
function findTopLevelValues(json: Uint8Array, quoted: Uint8Array): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = skipSpace(json, json.indexOf(OPEN_BRACE) + 1);
  while (i < json.length && json[i] !== CLOSE_BRACE) {
    const keyEnd = skipString(json, i);
    const colon = skipSpace(json, keyEnd);
    const start = skipSpace(json, json[colon] === COLON ? colon + 1 : colon);
    const end = skipValue(json, start);
    if (isKey(json, i, keyEnd, quoted)) spans.push([start, end]);
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
