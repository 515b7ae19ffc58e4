// The CLI's published surface: what runtimes/cli.ts (the entry that does the I/O) may import.
export { runCli } from './main.ts';
export type { CliFetch, CliIo, Env, Prompter, ReadText } from './io.ts';
