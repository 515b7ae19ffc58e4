import { describe, expect, it } from 'vitest';
import { memberValues } from '../src/json-spans.ts';

const quotedKey = (key: string) => new TextEncoder().encode(JSON.stringify(key));

const bytes = (text: string) => new TextEncoder().encode(text);
const texts = (json: Uint8Array, spans: number[]) => {
  const out: string[] = [];
  for (let k = 0; k < spans.length; k += 2) out.push(new TextDecoder().decode(json.subarray(spans[k], spans[k + 1])));
  return out;
};

describe('memberValues', () => {
  it('finds every top-level value of a key, duplicates included, and none nested deeper', () => {
    const json = bytes('{"a":{"tools":1}, "tools" : [1, {"x":"]"}] ,"b":"\\"tools\\"","tools":null}');
    expect(texts(json, memberValues(json, quotedKey('tools')))).toEqual(['[1, {"x":"]"}]', 'null']);
  });

  it('matches a key written with escapes, and multi-byte text before it keeps offsets in bytes', () => {
    const json = bytes('{"note":"héllo ✓","t\\u006fols":{"k":"é"}}');
    expect(texts(json, memberValues(json, quotedKey('tools')))).toEqual(['{"k":"é"}']);
  });

  it('skips long strings and escapes on either side of where the byte-by-byte reading stops', () => {
    const values: Record<string, unknown> = {};
    for (let n = 56; n < 72; n++) (values[`q${n}`] = `${'x'.repeat(n)}"z`), (values[`b${n}`] = `${'x'.repeat(n)}\\`), (values[`k${'x'.repeat(n)}"`] = [n]);
    const json = bytes(JSON.stringify({ ...values, long: 'é'.repeat(5000), tools: 1 }));
    expect(texts(json, memberValues(json, quotedKey('tools')))).toEqual(['1']);
    expect(texts(json, memberValues(json, quotedKey(`b${60}`)))).toEqual([JSON.stringify(values.b60)]);
  });
});
