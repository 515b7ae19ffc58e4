import { describe, expect, it } from 'vitest';
import { usageInBody } from '../../src/stream/usage.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const usageOf = (json: unknown) => usageInBody(enc(JSON.stringify(json)));

describe('usageInBody', () => {
  it("reads each API's token counts off a whole answer", () => {
    expect(usageOf({ id: 'c', choices: [], usage: { prompt_tokens: 9, completion_tokens: 10, total_tokens: 19 } })).toEqual({ input: 9, output: 10 });
    expect(usageOf({ id: 'resp', output: [], usage: { input_tokens: 1200, input_tokens_details: { cached_tokens: 3 }, output_tokens: 45, total_tokens: 1245 } })).toEqual({ input: 1200, output: 45 });
    expect(usageOf({ id: 'msg', content: [], usage: { input_tokens: 7, cache_read_input_tokens: 2, output_tokens: 0 } })).toEqual({ input: 7, output: 0 });
  });

  it('takes the last usage, and within it the first count of each kind', () => {
    const body = { nested: { usage: { prompt_tokens: 1, completion_tokens: 1 } }, usage: { prompt_tokens: 30, completion_tokens: 4, input_tokens: 99 } };
    expect(usageOf(body)).toEqual({ input: 30, output: 4 });
  });

  it('passes over keys that only begin like a count, and counts that are not numbers', () => {
    const text = '{"usage":{"prompt_tokens_details":{"cached_tokens":5},"prompt_tokens":null,"completion_tokens_details":{},"input_tokens" : 12 ,"output_tokens":\n\t3}}';
    expect(usageInBody(enc(text))).toEqual({ input: 12, output: 3 });
  });

  it('counts a kind the answer leaves out as zero, and says nothing when it reports no count', () => {
    expect(usageOf({ usage: { completion_tokens: 8 } })).toEqual({ input: 0, output: 8 });
    expect(usageOf({ usage: { prompt_tokens: 8 } })).toEqual({ input: 8, output: 0 });
    expect(usageOf({ usage: { total_tokens: 8 } })).toBeUndefined();
    expect(usageOf({ usage: null })).toBeUndefined();
    expect(usageOf({ id: 'x', choices: [] })).toBeUndefined();
    expect(usageInBody(new Uint8Array())).toBeUndefined();
    expect(usageInBody(undefined)).toBeUndefined();
  });

  it('looks for usage in the last kilobyte only', () => {
    const usage = { prompt_tokens: 5, completion_tokens: 6 };
    expect(usageOf({ usage, pad: 'x'.repeat(900) })).toEqual({ input: 5, output: 6 });
    expect(usageOf({ usage, pad: 'x'.repeat(1100) })).toBeUndefined();
  });

  it('reads what the decoded-text reading it replaced read, on answers of every shape', () => {
    // The reading it replaced, as it was: the tail from the last "usage" in the last kilobyte,
    // decoded, then the first match of each pattern.
    const reference = (bytes: Uint8Array) => {
      const at = new TextDecoder('latin1').decode(bytes).lastIndexOf('"usage"'); // a byte a character
      if (at < Math.max(0, bytes.length - 1024)) return undefined;
      const tail = new TextDecoder().decode(bytes.subarray(at));
      const input = /"(?:prompt_tokens|input_tokens)"\s*:\s*(\d+)/.exec(tail);
      const output = /"(?:completion_tokens|output_tokens)"\s*:\s*(\d+)/.exec(tail);
      return !input && !output ? undefined : { input: input ? Number(input[1]) : 0, output: output ? Number(output[1]) : 0 };
    };
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n); // the high bits: the low ones cycle
    const keys = ['prompt_tokens', 'completion_tokens', 'input_tokens', 'output_tokens', 'total_tokens', 'prompt_tokens_details', 'usage', 'cached_tokens'];
    const values = ['0', '17', '123456', 'null', '"3"', '{}', ' 4', '\n5'];
    for (let n = 0; n < 2000; n++) {
      const members = Array.from({ length: random(6) }, () => `"${keys[random(keys.length)]}"${[':', ' :', ': ', '\t:\n'][random(4)]}${values[random(values.length)]}`);
      const text = `{"id":"a","text":"héllo ${'é'.repeat(random(600))}","usage":{${members.join(',')}}${random(3) === 0 ? ',"usage":{"output_tokens":2}' : ''}}`;
      const bytes = enc(text);
      expect(usageInBody(bytes), text).toEqual(reference(bytes));
    }
  });
});
