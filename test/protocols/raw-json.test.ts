import { describe, expect, it } from 'vitest';
import { memberText, stringifyWithRaw } from '../../src/protocols/raw-json.ts';

describe('memberText', () => {
  it('finds a top-level member as written, spacing and number formats kept', () => {
    const text = ' { "model" : "m", "tools" : [ {"a": 1.50, "b": "}]\\"x"} ] , "n": 1e3 }';
    expect(memberText(text, 'tools')).toBe('[ {"a": 1.50, "b": "}]\\"x"} ]');
    expect(memberText(text, 'n')).toBe('1e3');
    expect(memberText(text, 'model')).toBe('"m"');
  });

  it('ignores the same key nested deeper, or inside a string', () => {
    const text = '{"input":[{"tools":[1]}],"s":"\\"tools\\":[2]","tools":[3]}';
    expect(memberText(text, 'tools')).toBe('[3]');
    expect(memberText('{"input":{"tools":[1]}}', 'tools')).toBeUndefined();
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    expect(memberText('{"tools":[1],"tools":[2]}', 'tools')).toBe('[2]');
  });

  it('gives up on keys written with escapes, so the caller serializes instead', () => {
    expect(memberText('{"\\u0074ools":[1]}', 'tools')).toBeUndefined();
  });

  it('finds every kind of value, in an empty object none', () => {
    const text = '{"a":true,"b":null,"c":-0.5,"d":{},"e":[],"f":""}';
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => memberText(text, k))).toEqual(['true', 'null', '-0.5', '{}', '[]', '""']);
    expect(memberText('{}', 'a')).toBeUndefined();
    expect(memberText(' { } ', 'a')).toBeUndefined();
  });

  it('reads what JSON.stringify wrote back to the value it wrote', () => {
    const value = { x: 'a"b\\', tools: [{ name: 'é ☃ 𝄞', nested: { deep: ['"', '\\'] } }], y: [1, { z: null }] };
    const text = JSON.stringify(value, null, 2);
    expect(JSON.parse(memberText(text, 'tools')!)).toEqual(value.tools);
    expect(JSON.parse(memberText(text, 'y')!)).toEqual(value.y);
  });
});

describe('stringifyWithRaw', () => {
  it('writes the raw text in place of the member, and leaves the object as it was', () => {
    const holder: Record<string, unknown> = { a: 1, tools: ['parsed'], b: 2 };
    const json = stringifyWithRaw({ outer: holder }, holder, 'tools', '[ {"as":"sent"} ]');
    expect(json).toBe('{"outer":{"a":1,"tools":[ {"as":"sent"} ],"b":2}}');
    expect(holder.tools).toEqual(['parsed']);
  });

  it('is not fooled by a client string that looks like its marker', () => {
    const holder: Record<string, unknown> = { text: 'understudy-raw-000000000000000000000000', tools: [] };
    const json = stringifyWithRaw(holder, holder, 'tools', '[1]');
    expect(JSON.parse(json)).toEqual({ text: 'understudy-raw-000000000000000000000000', tools: [1] });
  });
});
