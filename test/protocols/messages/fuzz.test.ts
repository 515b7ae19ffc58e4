import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MessagesStreamWriter, TranslationError, chatToMessage, estimateInputTokens, messagesToChat } from '../../../src/protocols/messages/index.ts';
import { replay } from './replay.ts';

/** A small seeded PRNG (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, '', 'x', true, [], {}, [null], { type: 'text' }, { type: 'image' }, { type: 'tool_result' }, { role: 'user' }, Number.MAX_SAFE_INTEGER];

/** Every path to a node of a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function mutate(base: unknown, next: () => number): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  const all = paths(copy).filter((p) => p.length > 0);
  for (let n = 0; n < 3; n++) {
    const path = all[Math.floor(next() * all.length)]!;
    let node = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = (node && typeof node === 'object' ? node[key] : undefined) as Record<string | number, unknown>;
    if (node && typeof node === 'object') node[path.at(-1)!] = structuredClone(ODD_VALUES[Math.floor(next() * ODD_VALUES.length)]);
  }
  return copy;
}

const fixtures = ['claude-code-tool-round-trip', 'claude-code-adaptive-thinking-history'].map((name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')));

describe('malformed input', () => {
  it('gets a TranslationError naming a field, never another exception', async () => {
    const next = random(19);
    for (let i = 0; i < 600; i++) {
      const body = mutate(fixtures[i % fixtures.length], next);
      try {
        messagesToChat(body, { reasoning: i % 2 === 0 });
      } catch (error) {
        if (!(error instanceof TranslationError)) throw new Error(`case ${i}: ${String(error)}`);
        expect(error.message).toContain(error.param);
      }
    }
    await expect(estimateInputTokens(mutate(fixtures[0], next))).resolves.toBeGreaterThan(0);
  });

  it('never makes the stream writer throw or break the event order', () => {
    const next = random(7);
    const pieces = [
      { choices: [{ index: 0, delta: { content: 'a' } }] },
      { choices: [{ index: 0, delta: { reasoning_content: 'r' } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'x', function: { name: 'f', arguments: '{' } }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ index: 1, function: { arguments: '}' } }] } }] },
      { choices: [{ index: 0, delta: { tool_calls: [{ function: { name: '' } }, null, 3] } }] },
      { choices: [{ index: 0, delta: null, finish_reason: 'stop' }] },
      { choices: [] , usage: { prompt_tokens: 'x' } },
      { choices: [{ delta: { content: 5, tool_calls: 'no' } }] },
      'garbage',
    ];
    for (let i = 0; i < 300; i++) {
      const writer = new MessagesStreamWriter({ model: 'm', stopSequences: ['a'] });
      const events = Array.from({ length: 12 }, () => writer.push(pieces[Math.floor(next() * pieces.length)])).flat();
      // A delta to a closed block, or a second open block, would make replay throw.
      const result = replay([...events, ...writer.finish()]);
      expect(result.stopped).toBe(true);
      expect(() => chatToMessage({ choices: [{ message: pieces[i % pieces.length] }] }, { model: 'm', stopSequences: [] })).not.toThrow();
    }
  });
});
