import { describe, expect, it } from 'vitest';
import { replaceModel as replaceInBytes } from '../../src/upstream/model-field.ts';

/** The same replacement, on text: the tests read best as JSON strings. */
const replaceModel = (json: string, model: string) => new TextDecoder().decode(replaceInBytes(new TextEncoder().encode(json), model));

describe('replaceModel', () => {
  it('replaces only the top-level model value, every other byte untouched', () => {
    const text = '{\n  "messages": [{"model": "inner", "content": "say \\"model\\": no"}],\n  "model" : "gpt-4", "n": 1.0, "seed": 123456789012345678901\n}';
    expect(replaceModel(text, 'm/x')).toBe(text.replace('"gpt-4"', '"m/x"'));
  });

  it('inserts a model when the body has none', () => {
    expect(replaceModel('{"messages":[]}', 'm')).toBe('{"model":"m","messages":[]}');
    expect(replaceModel(' { } ', 'm')).toBe(' {"model":"m" } ');
  });

  it('handles escaped keys, non-string values and repeated keys', () => {
    expect(replaceModel('{"mod\\u0065l":"a","x":{"model":1}}', 'm')).toBe('{"mod\\u0065l":"m","x":{"model":1}}');
    expect(replaceModel('{"model":null}', 'm')).toBe('{"model":"m"}');
    expect(replaceModel('{"model":"a","model":"b"}', 'm')).toBe('{"model":"m","model":"m"}');
    expect(replaceModel('{"mode1":"a","Model":"b","model":"c"}', 'm')).toBe('{"mode1":"a","Model":"b","model":"m"}');
    expect(replaceModel('{"a":"\\\\","model":"x"}', 'q"uote')).toBe('{"a":"\\\\","model":"q\\"uote"}');
  });

  it('finds the model by byte offset after multi-byte characters, and leaves them intact', () => {
    const text = '{"messages":[{"role":"user","content":"héllo 日本語 🎉 \\"model\\""}],"mödel":"keep","model":"gpt-4","ü":"ß"}';
    expect(replaceModel(text, 'ナ/model')).toBe(text.replace('"gpt-4"', '"ナ/model"'));
  });
});
