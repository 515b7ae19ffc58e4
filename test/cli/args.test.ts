import { describe, expect, it } from 'vitest';
import { type CommandSpec, UsageError, parseArgs } from '../../src/cli/args.ts';

const SPEC: CommandSpec = {
  name: 'init',
  summary: '',
  usage: 'init',
  positionals: { min: 0, max: 1 },
  flags: [{ name: 'fast', value: '<provider>', help: '' }, { name: 'toml', help: '' }],
};

describe('parseArgs', () => {
  it('reads switches, values after a space or an =, and positionals', () => {
    expect(parseArgs(['--fast', 'deepseek', '--toml', 'x'], SPEC)).toEqual({ flags: { fast: 'deepseek', toml: true }, positionals: ['x'] });
    expect(parseArgs(['--fast=deepseek'], SPEC).flags).toEqual({ fast: 'deepseek' });
    expect(parseArgs(['--', '--toml'], SPEC).positionals).toEqual(['--toml']);
    expect(parseArgs(['-h'], SPEC).flags).toEqual({ help: true });
  });

  it('names the nearest flag for an unknown one', () => {
    expect(() => parseArgs(['--tmol'], SPEC)).toThrow(new UsageError('init: unknown flag --tmol (did you mean "--toml"?)'));
    expect(() => parseArgs(['--verbose'], SPEC)).toThrow(new UsageError('init: unknown flag --verbose'));
  });

  it('refuses a missing value, a value for a switch, and extra arguments', () => {
    expect(() => parseArgs(['--fast'], SPEC)).toThrow(new UsageError('init: --fast needs a value <provider>'));
    expect(() => parseArgs(['--fast', '--toml'], SPEC)).toThrow(new UsageError('init: --fast needs a value <provider>'));
    expect(() => parseArgs(['--toml=yes'], SPEC)).toThrow(new UsageError('init: --toml takes no value'));
    expect(() => parseArgs(['a', 'b'], SPEC)).toThrow(new UsageError('init: unexpected argument "b"'));
  });
});
