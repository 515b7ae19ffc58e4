import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { fakeIo } from './support/fake-io.ts';

describe('runCli', () => {
  it('lists the commands for --help and help, exit 0; with no command at all, exit 2', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const f = fakeIo();
      expect(await runCli(argv, f.io)).toBe(0);
      expect(f.out[0]).toBe('understudy: an OpenAI-compatible gateway with a fast and a smart backend');
      expect(f.out.filter((l) => /^ {2}\w/.test(l)).map((l) => l.trim().split(' ')[0])).toEqual(['init', 'check', 'explain', 'status', 'reload', 'rollback']);
    }
    expect(await runCli([], fakeIo().io)).toBe(2);
  });

  it('prints a command\'s flags for `<cmd> --help` and `help <cmd>`', async () => {
    const a = fakeIo();
    expect(await runCli(['check', '--help'], a.io)).toBe(0);
    const b = fakeIo();
    expect(await runCli(['help', 'check'], b.io)).toBe(0);
    expect(a.out).toEqual(b.out);
    expect(a.out).toContain('  --timeout <seconds>  time limit per backend (default 10)');
  });

  it('names the nearest command for an unknown one, exit 2', async () => {
    const f = fakeIo();
    expect(await runCli(['staus'], f.io)).toBe(2);
    expect(f.errors()).toBe('understudy: unknown command "staus" (did you mean "status"?). Run `understudy --help` for the list.');
  });

  it('shows the usage after a mistake in a command\'s flags, exit 2', async () => {
    const f = fakeIo();
    expect(await runCli(['status', '--jsn'], f.io)).toBe(2);
    expect(f.err).toEqual(['status: unknown flag --jsn (did you mean "--json"?)', 'Usage: understudy status [--url <url>] [--json]   (understudy status --help for more)']);
  });
});
