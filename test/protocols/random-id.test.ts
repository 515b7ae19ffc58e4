import { describe, expect, it } from 'vitest';
import { base62Id, hexId } from '../../src/protocols/random-id.ts';

describe('random ids', () => {
  it('writes OpenAI-style ids: the prefix and 32 hex digits', () => {
    expect(hexId('resp_')).toMatch(/^resp_[0-9a-f]{32}$/);
  });

  it('writes Anthropic-style ids: the prefix and 24 base62 characters', () => {
    expect(base62Id('toolu_')).toMatch(/^toolu_[0-9A-Za-z]{24}$/);
  });

  it('never repeats, across many refills of its random pool', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) ids.add(hexId('x_')).add(base62Id('y_'));
    expect(ids.size).toBe(40_000);
  });

  it('uses every hex digit in every position (no fixed or counted part)', () => {
    const seen = Array.from({ length: 32 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) [...hexId('')].forEach((ch, k) => seen[k]!.add(ch));
    expect(seen.every((digits) => digits.size === 16)).toBe(true);
  });
});
