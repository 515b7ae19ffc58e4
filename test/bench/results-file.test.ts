import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_HEADING, withLatestRun } from '../../bench/results-file.ts';

const PREAMBLE = '# Benchmark results\n\nThe latest full run, below a history.\n';
const HISTORY = `${HISTORY_HEADING}\n\n| run (UTC) | what changed |\n|---|---|\n| 2026-11-22 17:43 | First full run |\n`;
const run = (when: string) => `## ${when} UTC\n\nMachine: 2 × test CPU.\n\n| | direct |\n|---|---|\n| errors | 0 |\n\nMock ceiling check: direct c=100 1 req/s.\n`;

describe('withLatestRun', () => {
  it('replaces the latest run and keeps the preamble and the history as they are', () => {
    const before = `${PREAMBLE}\n${HISTORY}\n${run('2026-11-23 09:31')}\n`;
    expect(withLatestRun(before, run('2026-12-02 10:00'))).toBe(`${PREAMBLE}\n${HISTORY}\n${run('2026-12-02 10:00')}`);
  });

  it('drops every earlier run, as the old appended file had them', () => {
    const appended = `${PREAMBLE}\n${run('2026-11-22 17:43')}\n${run('2026-11-22 18:51')}\n${HISTORY}\n${run('2026-11-23 09:31')}\n`;
    const after = withLatestRun(appended, run('2026-12-02 10:00'));
    expect(after).toBe(`${PREAMBLE}\n${HISTORY}\n${run('2026-12-02 10:00')}`);
  });

  it('gives the same file whether the previous run was written by it or not', () => {
    const once = withLatestRun(`${PREAMBLE}\n${HISTORY}`, run('2026-12-02 10:00'));
    expect(withLatestRun(once, run('2026-12-02 11:00'))).toBe(withLatestRun(`${PREAMBLE}\n${HISTORY}`, run('2026-12-02 11:00')));
  });

  it('starts a missing file with a title, then the run', () => {
    const fresh = withLatestRun(undefined, run('2026-12-02 10:00'));
    expect(fresh.startsWith('# Benchmark results\n')).toBe(true);
    expect(fresh.endsWith(`\n\n${run('2026-12-02 10:00')}`)).toBe(true);
  });

  it('keeps a ### heading inside the history as part of it', () => {
    const history = `${HISTORY}\n### Notes\n\nMachine changed on 2026-11-30.\n`;
    expect(withLatestRun(`${PREAMBLE}\n${history}`, run('2026-12-02 10:00'))).toContain('### Notes\n\nMachine changed on 2026-11-30.\n\n## 2026-12-02');
  });

  it('refuses a run without a heading of its own', () => {
    expect(() => withLatestRun(PREAMBLE, 'Machine: 2 × test CPU.\n')).toThrow(/heading/);
    expect(() => withLatestRun(PREAMBLE, `${HISTORY}`)).toThrow(/heading/);
  });

  it('on the committed RESULTS.md, keeps its history table and replaces only the latest run', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../bench/RESULTS.md'), 'utf8');
    const latest = /^## \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/m.exec(committed)![0];
    const after = withLatestRun(committed, run('2099-01-01 10:00'));
    expect(after).toBe(`${committed.slice(0, committed.indexOf(latest))}${run('2099-01-01 10:00')}`);
    expect(after).toContain('| 2026-11-23 08:34 |');
    expect(after).not.toContain(latest);
  });
});
