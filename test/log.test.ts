import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/config-error.ts';
import { type LogSink, createConsoleLogger, parseLogFormat, silentLogger } from '../src/log.ts';
import { makeRecord } from './observe/records.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: LogSink = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { out, err, sink };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const FIELDS = ['time', 'level', 'event', 'method', 'path', 'api', 'alias', 'model_asked', 'model_sent', 'attempts', 'backend', 'translated', 'status', 'outcome',
  'stream', 'stream_end', 'first_byte_ms', 'upstream_ms', 'latency_ms', 'tokens_in', 'tokens_out', 'started'];

describe('createConsoleLogger, LOG_FORMAT=json', () => {
  it('writes one JSON object per line: {time, level, msg} for plain lines, the stable request fields for records', () => {
    const { out, err, sink } = capture();
    const log = createConsoleLogger({ format: 'json', sink });
    log.info('understudy listening on http://127.0.0.1:8080');
    log.request(() => 'POST /v1/chat/completions → fast 200');
    log.warn('internal error: boom');
    log.record!(makeRecord({ modelAsked: 'gpt-4o\n2025-01-01 fake line' }));
    log.record!(makeRecord({ outcome: 'all-failed', status: 502, backend: undefined, modelSent: undefined, attempts: [{ backend: 'fast', outcome: 'unreachable', cause: 'connection refused' }], tokens: undefined }));
    const lines = [...out, ...err];
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).not.toContain('\n');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const p of parsed) expect(p.time).toMatch(ISO);
    expect(parsed.slice(0, 2).map(({ time, ...rest }) => rest)).toEqual([
      { level: 'info', msg: 'understudy listening on http://127.0.0.1:8080' },
      { level: 'info', msg: 'POST /v1/chat/completions → fast 200' },
    ]);
    expect(Object.keys(parsed[2]!)).toEqual(FIELDS);
    expect(parsed[2]).toMatchObject({ level: 'info', event: 'request', method: 'POST', path: '/v1/chat/completions', alias: 'fast', model_asked: 'gpt-4o\n2025-01-01 fake line',
      attempts: [{ backend: 'fast', outcome: 200, cause: null }], backend: 'fast', status: 200, latency_ms: 900, first_byte_ms: 120, stream_end: 'complete', tokens_in: 12, tokens_out: 34 });
    expect(parsed[3]).toEqual({ time: parsed[3]!.time, level: 'warn', msg: 'internal error: boom' });
    expect(Object.keys(parsed[4]!)).toEqual(FIELDS);
    expect(parsed[4]).toMatchObject({ level: 'warn', outcome: 'all-failed', status: 502, backend: null, model_sent: null, tokens_in: null,
      attempts: [{ backend: 'fast', outcome: 'unreachable', cause: 'connection refused' }] });
    expect(err).toHaveLength(2); // warnings to stderr
  });

  it('drops requests that went well with LOG_LEVEL=warn (quiet), and keeps the failed ones', () => {
    const { out, err, sink } = capture();
    const log = createConsoleLogger({ format: 'json', sink, quiet: true });
    log.request(() => 'never built');
    log.record!(makeRecord());
    log.record!(makeRecord({ streamEnd: 'stalled' }));
    expect(out).toEqual([]);
    expect(err.map((l) => JSON.parse(l).stream_end)).toEqual(['stalled']);
  });
});

describe('createConsoleLogger, text (the default)', () => {
  it('keeps the timestamped lines every caller writes today', () => {
    const { out, err, sink } = capture();
    const log = createConsoleLogger({ sink });
    log.info('started');
    log.request(() => 'POST /v1/chat/completions → fast 200');
    log.warn('every backend failed');
    expect(out[0]).toMatch(/^\S+Z started$/);
    expect(out[1]).toMatch(/^\S+Z POST \/v1\/chat\/completions → fast 200$/);
    expect(err[0]).toMatch(/^\S+Z warn every backend failed$/);
  });

  it('writes a record as one text line, a newline in a model name escaped', () => {
    const { out, err, sink } = capture();
    const log = createConsoleLogger({ sink });
    log.record!(makeRecord({ modelAsked: 'evil\nwarn forged', attempts: [{ backend: 'fast', outcome: 503 }, { backend: 'smart', outcome: 200 }], backend: 'smart' }));
    log.record!(makeRecord({ streamEnd: 'stalled' }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\S+Z POST \/v1\/chat\/completions model="evil\\nwarn forged" alias=fast attempts=fast:503,smart:200 → smart 200 sent=\S+ first-byte=120ms total=900ms$/);
    expect(err[0]).toMatch(/ warn POST .* end=stalled$/);
  });

  it('leaves the silent logger silent, record included', () => {
    expect(() => silentLogger.record?.(makeRecord())).not.toThrow();
  });
});

describe('parseLogFormat', () => {
  it('reads LOG_FORMAT: text by default, json, and refuses anything else naming the key', () => {
    expect(parseLogFormat(undefined)).toBe('text');
    expect(parseLogFormat('')).toBe('text');
    expect(parseLogFormat('JSON')).toBe('json');
    expect(() => parseLogFormat('xml')).toThrow(new ConfigError('LOG_FORMAT must be "text" or "json", not "xml".'));
  });
});
