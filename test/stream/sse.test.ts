import { describe, expect, it } from 'vitest';
import { chat } from '../../src/protocols/chat.ts';
import { SseSplitter } from '../../src/stream/sse.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const kind = (s: string) => new SseSplitter(chat).push(enc(s))[0]!;

describe('SseSplitter', () => {
  it('splits events at blank lines across chunk boundaries, keeping their bytes', () => {
    const s = new SseSplitter(chat);
    expect(s.push(enc('data: {"a":1}\n\nda'))).toHaveLength(1);
    expect(s.pending).toBe(2);
    const rest = s.push(enc('ta: {"b":2}\r\n\r\n: ping\n\n'));
    expect(rest.map((e) => dec(e.bytes))).toEqual(['data: {"b":2}\r\n\r\n', ': ping\n\n']);
    expect(s.pending).toBe(0);
  });
});

describe('SseSplitter with the chat protocol', () => {
  it('counts content, reasoning, tool calls, refusals and completion text as content', () => {
    for (const delta of ['{"content":"x"}', '{"reasoning_content":"x"}', '{"reasoning":"x"}', '{"refusal":"no"}', '{"tool_calls":[{"index":0}]}']) {
      expect(kind(`data: {"choices":[{"index":0,"delta":${delta}}]}\n\n`).kind).toBe('content');
    }
    expect(kind('data: {"choices":[{"index":0,"text":"x"}]}\n\n').kind).toBe('content');
  });

  it('does not count role-only or empty deltas, usage chunks or comments', () => {
    expect(kind('data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}\n\n').kind).toBe('empty');
    expect(kind('data: {"choices":[{"index":0,"delta":{"content":""}}]}\n\n').kind).toBe('empty');
    expect(kind('data: {"choices":[],"usage":{"total_tokens":3}}\n\n').kind).toBe('empty');
    expect(kind(': keep-alive\n\n').kind).toBe('empty');
  });

  it('recognises [DONE], in-band errors, finish reasons and malformed data', () => {
    expect(kind('data: [DONE]\n\n')).toMatchObject({ kind: 'empty', complete: true });
    expect(kind('data: {"error":{"message":"x"}}\n\n').kind).toBe('error');
    expect(kind('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n').complete).toBe(true);
    expect(kind('data: {not json\n\n').kind).toBe('malformed');
    expect(kind('data: 42\n\n').kind).toBe('malformed');
  });

  it('reads the data the same in every framing: CR LF, no space, several data lines, other fields', () => {
    const token = (text: string) => `{"choices":[{"index":0,"delta":{"content":"${text}"}}]}`;
    const framings = [
      `data: ${token('a')}\n\n`,
      `data:${token('a')}\n\n`,
      `data: ${token('a')}\r\n\r\n`,
      `data: ${token('a')}\r\n\n`,
      `event: message\ndata: ${token('a')}\n\n`,
      `: comment\ndata: ${token('a')}\nid: 7\n\n`,
      `data: {"choices":[{"index":0,\ndata: "delta":{"content":"a"}}]}\n\n`,
    ];
    for (const framing of framings) {
      const event = kind(framing);
      expect(event.kind, framing).toBe('content');
      expect(event.data, framing).toEqual(JSON.parse(token('a')));
    }
    expect(kind('data:[DONE]\r\n\r\n').complete).toBe(true);
    expect(kind('data:\n\n').kind).toBe('malformed'); // data present but empty: not JSON
    expect(kind('event: ping\n\n').kind).toBe('empty'); // no data field at all
    expect(kind('data: {"a":1}\ndata: oops\n\n').kind).toBe('malformed'); // joined lines are not JSON
  });
});
