import type { parse as parseToml } from 'smol-toml';
import { ConfigError } from './config-error.ts';

/** `gateway.toml` text as a plain object, not yet checked; `{}` for no file. */
export function readTomlFile(text: string | undefined, source: string, parse: typeof parseToml): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    return parse(text);
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    throw new ConfigError(`Cannot load config "${source}": ${first}`);
  }
}

/** Whether any line holds more than a comment: the shipped file does not, and needs no parser. */
export const hasContent = (text: string) => /^[ \t]*[^#\s]/m.test(text);

/** A file with no settings needs no schema check. */
export const hasSettings = (raw: Record<string, unknown>) => Object.keys(raw).length > 0;
