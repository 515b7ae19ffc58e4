// Questions on a terminal for `understudy init`: a line with an editable default (readline),
// and a secret read in raw mode so it is never echoed.
import { createInterface } from 'node:readline';
import type { Prompter } from '../../src/cli/index.ts';

/** Ctrl-C at a prompt: leave as a shell expects (128 + SIGINT). */
function interrupted(): never {
  process.stdout.write('\n');
  process.exit(130);
}

/** Asks a question; `initial` is typed in for the user, who may edit it or press Enter. */
function ask(question: string, initial = ''): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  rl.on('SIGINT', interrupted);
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    if (initial) rl.write(initial);
  });
}

/** Reads a line with echo off: nothing of the secret reaches the screen or the scrollback. */
function secret(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  return new Promise((resolve) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      // An escape sequence (arrow keys …) arrives as one chunk: none of it is part of a key.
      if (chunk.startsWith('\u001b')) return;
      for (const ch of chunk) {
        if (ch === '\u0003') interrupted();
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch === '\u0015') value = ''; // Ctrl-U: start over
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The prompter for an interactive terminal, or none when stdin or stdout is not one. */
export function terminalPrompter(): Prompter | undefined {
  return process.stdin.isTTY && process.stdout.isTTY ? { ask, secret } : undefined;
}
