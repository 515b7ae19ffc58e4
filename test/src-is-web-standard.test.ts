import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');
const RUNTIME_ONLY = [/from ['"]node:/, /require\(/, /\bBun\./, /\bDeno\./, /\bprocess\./, /from ['"]@hono\/node-server/];

describe('src/', () => {
  it('uses web-standard APIs only, so it runs unchanged on every runtime', () => {
    const offenders: string[] = [];
    const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(join(SRC, file), 'utf8');
      for (const pattern of RUNTIME_ONLY) if (pattern.test(text)) offenders.push(`${relative(SRC, join(SRC, file))}: ${pattern}`);
    }
    expect(offenders).toEqual([]);
  });
});
