import { UsageError, parseArgs } from './args.ts';
import { COMMANDS, commandHelp, generalHelp } from './commands.ts';
import { ConfigError } from '../config/config-error.ts';
import { didYouMean } from './did-you-mean.ts';
import type { CliIo } from './io.ts';

/**
 * Runs one `understudy` command line and resolves its exit code: 0 done, 1 a failed check or
 * an unreachable gateway, 2 a mistake on the command line.
 *
 * @example
 * const code = await runCli(['check', '--json'], io);
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    for (const line of generalHelp()) io.out(line);
    return name === undefined ? 2 : 0;
  }
  const wanted = name === 'help' ? rest[0]! : name;
  const command = COMMANDS.find((c) => c.name === wanted);
  if (!command) {
    io.err(`understudy: unknown command "${wanted}"${didYouMean(wanted, COMMANDS.map((c) => c.name))}. Run \`understudy --help\` for the list.`);
    return 2;
  }
  try {
    const args = parseArgs(name === 'help' ? ['--help'] : rest, command);
    if (args.flags.help) {
      for (const line of commandHelp(command)) io.out(line);
      return 0;
    }
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      io.err(`Usage: understudy ${command.usage}   (understudy ${command.name} --help for more)`);
      return 2;
    }
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}
