import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const RUNTIMES = join(ROOT, 'runtimes');

/** What a runtime may import from the core: the published contract, start-up and the logger. */
const PUBLISHED = new Set([
  'src/runtime-contract.ts',
  'src/boot.ts',
  'src/startup.ts',
  'src/log.ts',
  // The `understudy` CLI is an entry like a runtime: runtimes/cli.ts does its I/O, src/cli/ the rest.
  'src/cli/index.ts',
]);
/** The demo's simulated backends are no part of the gateway: the demo entry may start them. */
const DEMO_ONLY = /^src\/simulator\//;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => relative(ROOT, resolve(file, '..', m[1]!)));
}

describe('runtimes/', () => {
  it('reaches the core only through its published contract, start-up and the logger', () => {
    const files = readdirSync(RUNTIMES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const offenders: string[] = [];
    for (const file of files) {
      for (const target of importsOf(join(RUNTIMES, file))) {
        if (!target.startsWith('src/')) continue;
        if (PUBLISHED.has(target) || (file === 'demo.ts' && DEMO_ONLY.test(target))) continue;
        offenders.push(`runtimes/${file} → ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
