#!/usr/bin/env node
// The `understudy` command's entry: `npx understudy …` (bin/understudy.mjs runs the built
// dist/cli.js), `npx tsx runtimes/cli.ts …`, or `bun runtimes/cli.ts …`. Only I/O lives here:
// what each command does is in src/cli/.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { runCli } from '../src/cli/index.ts';
import { terminalPrompter } from './cli/terminal.ts';

const readText = (path: string) =>
  readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));

/** Secret files (keys) are the owner's only; `mode` applies only to a new file, hence the chmod. */
async function writeText(path: string, text: string, { secret = false } = {}): Promise<void> {
  await writeFile(path, text, { mode: secret ? 0o600 : 0o644 });
  if (secret) await chmod(path, 0o600);
}

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  readText,
  writeText,
  fetch: (url, init) => fetch(url, init),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  prompt: terminalPrompter(),
});
// Exit once the output is written: an idle keep-alive socket must not hold the process open.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
