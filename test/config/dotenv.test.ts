import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/config/dotenv.ts';

describe('parseDotenv', () => {
  it('reads plain, exported, quoted and commented lines', () => {
    const text = [
      '# a comment',
      'PLAIN=value',
      'export EXPORTED = spaced value ',
      "SINGLE='kept # as is'",
      'DOUBLE="line\\nbreak \\"quoted\\""',
      'INLINE=abc # comment',
      'EMPTY=',
      'not a line',
      'URL=https://api.fireworks.ai/inference/v1?x=1',
    ].join('\r\n');
    expect(parseDotenv(text)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'spaced value',
      SINGLE: 'kept # as is',
      DOUBLE: 'line\nbreak "quoted"',
      INLINE: 'abc',
      EMPTY: '',
      URL: 'https://api.fireworks.ai/inference/v1?x=1',
    });
  });
});
