/**
 * Replaces the top-level `model` of a JSON object text without re-serializing the rest,
 * so every other field reaches the backend byte for byte (big integers, number formats,
 * key order and whitespace included). The text must already be known to be a valid object.
 */
export function replaceModel(json: string, model: string): string {
  const value = JSON.stringify(model);
  const spans = findTopLevelValues(json, 'model');
  if (spans.length === 0) {
    const open = json.indexOf('{') + 1;
    const empty = json.slice(open).trimStart().startsWith('}');
    return `${json.slice(0, open)}"model":${value}${empty ? '' : ','}${json.slice(open)}`;
  }
  let out = '';
  let last = 0;
  for (const [start, end] of spans) {
    out += json.slice(last, start) + value;
    last = end;
  }
  return out + json.slice(last);
}

/** The [start, end) offsets of every top-level value whose key is `name`. */
function findTopLevelValues(json: string, name: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = skipSpace(json, json.indexOf('{') + 1);
  while (i < json.length && json[i] !== '}') {
    const keyEnd = skipString(json, i);
    const rawKey = json.slice(i, keyEnd);
    const key = rawKey.includes('\\') ? (JSON.parse(rawKey) as string) : rawKey.slice(1, -1);
    const start = skipSpace(json, skipSpace(json, keyEnd) + 1); // past the ':'
    const end = skipValue(json, start);
    if (key === name) spans.push([start, end]);
    i = skipSpace(json, end);
    if (json[i] === ',') i = skipSpace(json, i + 1);
  }
  return spans;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** `i` is at an opening quote; returns the offset after the closing one. */
function skipString(s: string, i: number): number {
  for (let j = i + 1; ; ) {
    const q = s.indexOf('"', j);
    let backslashes = 0;
    for (let k = q - 1; s.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

function skipValue(s: string, i: number): number {
  const c = s[i];
  if (c === '"') return skipString(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s[j];
      if (d === '"') j = skipString(s, j) - 1;
      else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        if (--depth === 0) return j + 1;
      }
    }
    return s.length;
  }
  let j = i;
  while (j < s.length && !',}] \n\r\t'.includes(s[j]!)) j++;
  return j;
}
