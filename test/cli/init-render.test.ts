import { describe, expect, it } from 'vitest';
import { dotenvValue } from '../../src/cli/init-render.ts';
import { parseDotenv } from '../../src/config/dotenv.ts';

describe('dotenvValue', () => {
  it('leaves plain values bare and quotes the rest so the gateway reads them back exactly', () => {
    expect(dotenvValue('sk-abc_123')).toBe('sk-abc_123');
    for (const value of ['has space', 'hash#inside', 'quote"d', "single'", 'back\\slash', 'https://x.example/v1']) {
      expect(parseDotenv(`K=${dotenvValue(value)}\n`).K).toBe(value);
    }
  });
});
