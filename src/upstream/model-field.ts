import { concatBytes } from '../bytes.ts';
import { memberValues, skipSpace } from '../json-spans.ts';

/**
 * Replaces the top-level `model` of a JSON object without re-serializing the rest, so every
 * other byte reaches the backend as sent (big integers, number formats, key order and
 * whitespace included). It works on the UTF-8 bytes (`json-spans.ts`), and the answer is
 * spliced in one copy, with no text to build, flatten and encode again (docs/performance.md).
 * The body must already be known to be a valid JSON object.
 */
export function replaceModel(json: Uint8Array, model: string): Uint8Array<ArrayBuffer> {
  const value = encodedValue(model);
  const spans = memberValues(json, MODEL);
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
const MODEL = encoder.encode('"model"');
const MODEL_KEY = encoder.encode('"model":');
const COMMA = encoder.encode(',');
const NOTHING = new Uint8Array(0);
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** The value's JSON, encoded: the forced model is usually the same from one request to the next. */
let lastModel: string | undefined;
let lastValue = NOTHING;
function encodedValue(model: string): Uint8Array {
  if (model !== lastModel) (lastModel = model), (lastValue = encoder.encode(JSON.stringify(model)));
  return lastValue;
}
