/** Where the gateway reports what it did. Lines carry no prompt, response or key. */
export interface Logger {
  info(line: string): void;
  warn(line: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {} };

/** Timestamped lines: info to stdout, warnings to stderr. `console` exists on every runtime. */
export function createConsoleLogger({ quiet = false }: { quiet?: boolean } = {}): Logger {
  const stamp = () => new Date().toISOString();
  return {
    info: quiet ? () => {} : (line) => console.log(`${stamp()} ${line}`),
    warn: (line) => console.error(`${stamp()} warn ${line}`),
  };
}
