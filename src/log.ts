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

/** Where finished lines go: `out` for requests and start-up, `err` for warnings. */
export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

/** `console` exists on every runtime; an entry may pass a cheaper sink of its own. */
const consoleSink: LogSink = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Timestamped lines: info to `out` (stdout), warnings to `err` (stderr). */
export function createConsoleLogger({ quiet = false, sink = consoleSink }: { quiet?: boolean; sink?: LogSink } = {}): Logger {
  const stamp = () => new Date().toISOString();
  return {
    request: quiet ? () => {} : (line) => sink.out(`${stamp()} ${line()}`),
    info: (line) => sink.out(`${stamp()} ${line}`),
    warn: (line) => sink.err(`${stamp()} warn ${line}`),
  };
}
