import { ConfigError } from './config/config-error.ts';
import { recordJson, recordLevel, recordText } from './observe/log-record.ts';
import type { RequestRecord } from './observe/request-record.ts';

/** Where the gateway reports what it did. Lines carry no prompt, response or key. */
export interface Logger {
  /** A line built only when written; LOG_LEVEL=warn drops these. (Requests are logged as records.) */
  request(line: () => string): void;
  /** Start-up and shutdown. */
  info(line: string): void;
  /** Failures: every backend failed, a stream ended badly, an internal error. */
  warn(line: string): void;
  /** One request, once its body ended: a JSON object with LOG_FORMAT=json, else a text line. A warning if it failed; LOG_LEVEL=warn drops the others. */
  record(record: RequestRecord): void;
}

export const silentLogger: Logger = { request() {}, info() {}, warn() {}, record() {} };

/** Where finished lines go: `out` for requests and start-up, `err` for warnings. */
export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

/** `text`: timestamped lines for people; `json`: one JSON object per line for log pipelines. */
export type LogFormat = 'text' | 'json';

/** Reads `LOG_FORMAT`: `text` (the default) or `json`. */
export function parseLogFormat(value: string | undefined): LogFormat {
  const format = value?.trim().toLowerCase() || 'text';
  if (format === 'text' || format === 'json') return format;
  throw new ConfigError(`LOG_FORMAT must be "text" or "json", not ${JSON.stringify(value)}.`);
}

/** `console` exists on every runtime; an entry may pass a cheaper sink of its own. */
const consoleSink: LogSink = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** How `createConsoleLogger` writes. */
export interface ConsoleLoggerOptions {
  /** Drop request lines that went well (LOG_LEVEL=warn). */
  quiet?: boolean;
  sink?: LogSink;
  format?: LogFormat;
}

/** Timestamped lines (or JSON objects): info to `out` (stdout), warnings to `err` (stderr). */
export function createConsoleLogger({ quiet = false, sink = consoleSink, format = 'text' }: ConsoleLoggerOptions = {}): Logger {
  return format === 'json' ? jsonLogger(quiet, sink) : textLogger(quiet, sink);
}

const stamp = () => new Date().toISOString();

function textLogger(quiet: boolean, sink: LogSink): Logger {
  return {
    request: quiet ? () => {} : (line) => sink.out(`${stamp()} ${line()}`),
    info: (line) => sink.out(`${stamp()} ${line}`),
    warn: (line) => sink.err(`${stamp()} warn ${line}`),
    record(record) {
      if (recordLevel(record) === 'warn') sink.err(`${stamp()} warn ${recordText(record)}`);
      else if (!quiet) sink.out(`${stamp()} ${recordText(record)}`);
    },
  };
}

function jsonLogger(quiet: boolean, sink: LogSink): Logger {
  const line = (level: 'info' | 'warn', msg: string) => JSON.stringify({ time: stamp(), level, msg });
  return {
    request: quiet ? () => {} : (build) => sink.out(line('info', build())),
    info: (msg) => sink.out(line('info', msg)),
    warn: (msg) => sink.err(line('warn', msg)),
    record(record) {
      const level = recordLevel(record);
      if (level === 'warn') sink.err(JSON.stringify(recordJson(record, stamp())));
      else if (!quiet) sink.out(JSON.stringify(recordJson(record, stamp())));
    },
  };
}
