import type { parse as parseToml } from 'smol-toml';
import { ConfigError } from './config-error.ts';

/**
 * `gateway.toml` text as a plain object, not yet checked; `{}` for no file, or one with
 * nothing but comments and blank lines (the shipped one), for which no parser is needed.
 */
export function readTomlFile(text: string | undefined, source: string, parse: typeof parseToml): Record<string, unknown> {
  if (text === undefined || !hasContent(text)) return {};
  try {
    return parse(text);
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    throw new ConfigError(`Cannot load config "${source}": ${first}`);
  }
}

/** Whether any line holds more than a comment. */
export const hasContent = (text: string) => /^[ \t]*[^#\s]/m.test(text);

/** A file with no settings needs no schema check. */
export const hasSettings = (raw: Record<string, unknown>) => Object.keys(raw).length > 0;
