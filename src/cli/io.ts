import type { Env } from '../config/build-config.ts';
import type { ReadText } from '../config/sources.ts';

export type { Env, ReadText };

/** The web-standard `fetch` a command uses; tests pass a fake one. */
export type CliFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Questions on an interactive terminal; absent when stdin is not one (scripts, CI). */
export interface Prompter {
  /** Asks a question; `initial` is pre-filled and editable, Enter keeps it. */
  ask(question: string, initial?: string): Promise<string>;
  /** Asks for a secret without echoing it. */
  secret(question: string): Promise<string>;
}

/**
 * Everything a command does to the world, handed in by the entry (runtimes/cli.ts) or a test:
 * the commands themselves touch no file, socket or terminal.
 */
export interface CliIo {
  /** The real environment (a command reads `.env` itself, under it, as the gateway does). */
  env: Env;
  /** Reads a file relative to the working directory; `undefined` when it does not exist. */
  readText: ReadText;
  /** Writes (or replaces) a file; `secret` files are readable by the owner only. */
  writeText(path: string, text: string, options?: { secret?: boolean }): Promise<void>;
  fetch: CliFetch;
  /** One line to stdout. */
  out(line: string): void;
  /** One line to stderr. */
  err(line: string): void;
  prompt?: Prompter;
  /** Wall-clock time in ms (tests fix it). */
  now?: () => number;
}
