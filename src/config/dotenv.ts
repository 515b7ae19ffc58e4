/**
 * Parses a `.env` file: `KEY=value` lines, `#` comments, an optional `export `,
 * single quotes (literal), double quotes (with \n escapes) and inline comments after
 * unquoted values. Invalid lines are skipped, as dotenv does.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const line = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(?:'([^']*)'|"((?:\\.|[^"\\])*)"|([^\n#]*))\s*(?:#.*)?$/;
  for (const raw of text.split(/\r?\n/)) {
    const m = line.exec(raw);
    if (!m) continue;
    const [, key, single, double, bare] = m;
    out[key!] =
      single ?? (double !== undefined ? double.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : (bare ?? '').trim());
  }
  return out;
}
