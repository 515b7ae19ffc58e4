/** Where the gateway reports what it did. Lines carry no prompt, response or key. */
export interface Logger {
  /** One line per request that went well; LOG_LEVEL=warn drops these (the line is then never built). */
  request(line: () => string): void;
  /** Start-up and shutdown. */
  info(line: string): void;
  /** Failures: every backend failed, a stream ended badly, an internal error. */
  warn(line: string): void;
}

export const silentLogger: Logger = { request() {}, info() {}, warn() {} };

/** Timestamped lines: info to stdout, warnings to stderr. `console` exists on every runtime. */
export function createConsoleLogger({ quiet = false }: { quiet?: boolean } = {}): Logger {
  const stamp = () => new Date().toISOString();
  return {
    request: quiet ? () => {} : (line) => console.log(`${stamp()} ${line()}`),
    info: (line) => console.log(`${stamp()} ${line}`),
    warn: (line) => console.error(`${stamp()} warn ${line}`),
  };
}
