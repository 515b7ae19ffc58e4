import { didYouMean } from './did-you-mean.ts';

/** One `--flag` a command takes: a switch, or one that takes a value (`--fast deepseek`, `--fast=deepseek`). */
export interface FlagSpec {
  name: string;
  /** The value's placeholder in help (`<provider>`); absent for a switch. */
  value?: string;
  help: string;
}

/** A command's surface: what `--help` prints and what the parser accepts. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** The usage line after `understudy `. */
  usage: string;
  flags: readonly FlagSpec[];
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  /** More lines for `understudy <cmd> --help`. */
  details?: readonly string[];
}

/** What the parser made of a command's arguments. */
export interface ParsedArgs {
  flags: Record<string, string | true>;
  positionals: string[];
}

/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses one command's arguments against its spec. `--help`/`-h` is always accepted; an
 * unknown flag is an error naming the nearest known one; `--` ends the flags.
 */
export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  const known = new Map(spec.flags.map((f) => [f.name, f]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = splitFlag(arg);
    const flag = known.get(name);
    if (!flag) throw new UsageError(`${spec.name}: unknown flag --${name}${didYouMean(name, known.keys(), '--')}`);
    if (!flag.value) {
      if (inline !== undefined) throw new UsageError(`${spec.name}: --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${spec.name}: --${name} needs a value ${flag.value}`);
    flags[name] = value;
  }
  if (!flags.help) checkCount(positionals, spec);
  return { flags, positionals };
}

function splitFlag(arg: string): [string, string | undefined] {
  const body = arg.replace(/^--?/, '');
  const eq = body.indexOf('=');
  return eq === -1 ? [body, undefined] : [body.slice(0, eq), body.slice(eq + 1)];
}

function checkCount(positionals: string[], spec: CommandSpec): void {
  const { min, max } = spec.positionals;
  if (positionals.length > max) {
    throw new UsageError(`${spec.name}: unexpected argument "${positionals[max]}"${max === 0 ? ' (this command takes flags only)' : ''}`);
  }
  if (positionals.length < min) throw new UsageError(`${spec.name}: missing argument: usage: understudy ${spec.usage}`);
}

/** A flag's value as a string, if given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
