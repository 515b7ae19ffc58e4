import type { AttemptFact, RecordSink, RequestRecord } from './request-record.ts';

/** A request's log level: a warning when every backend failed or its body did not end cleanly. */
export function recordLevel(r: RequestRecord): 'info' | 'warn' {
  if (r.outcome === 'all-failed') return 'warn';
  return r.streamEnd === undefined || r.streamEnd === 'complete' || r.streamEnd === 'client-gone' ? 'info' : 'warn';
}

const ms = (n: number | undefined) => (n === undefined ? null : Math.round(n * 10) / 10);

/**
 * One request as a JSON log object. The field names are stable: log pipelines key on them.
 * Unknown values are `null`, never left out. No prompt, answer, key or header is in a record.
 */
export function recordJson(r: RequestRecord, time: string): Record<string, unknown> {
  return {
    time,
    level: recordLevel(r),
    event: 'request',
    method: r.method,
    path: r.path,
    api: r.api,
    alias: r.alias,
    model_asked: r.modelAsked ?? null,
    model_sent: r.modelSent ?? null,
    attempts: r.attempts.map((a) => ({ backend: a.backend, outcome: a.outcome, cause: a.cause ?? null })),
    backend: r.backend ?? null,
    translated: r.translated,
    status: r.status,
    outcome: r.outcome,
    stream: r.stream,
    stream_end: r.streamEnd ?? null,
    first_byte_ms: ms(r.firstByteMs),
    upstream_ms: ms(r.upstreamMs),
    latency_ms: ms(r.totalMs),
    tokens_in: r.tokens?.input ?? null,
    tokens_out: r.tokens?.output ?? null,
    started: r.time,
  };
}

/** Free text shown safe on one line: control characters (a newline in a model name) escaped. */
function oneLine(value: string | undefined): string {
  if (value === undefined) return '-';
  return /[\u0000-\u001f\u007f\s]/.test(value) ? JSON.stringify(value) : value;
}

/** `fast:503,smart:200`: every try, in order (the x-understudy-attempts header); with `causes`, why a backend was unreachable too. */
export function formatAttempts(attempts: readonly AttemptFact[], { causes = false } = {}): string {
  return attempts.map((a) => `${a.backend}:${a.outcome}${causes && a.cause ? `(${a.cause})` : ''}`).join(',');
}

/** One request as a text line, in the shape of the request log's lines. */
export function recordText(r: RequestRecord): string {
  const attempts = formatAttempts(r.attempts, { causes: true });
  const head = `${r.method} ${oneLine(r.path)} model=${oneLine(r.modelAsked)} alias=${r.alias} attempts=${attempts}`;
  const who = r.outcome === 'answered' ? `${r.backend ?? '-'} ${r.status}` : r.outcome === 'all-failed' ? `every backend failed, answered ${r.status}` : 'client left';
  const sent = r.modelSent === undefined ? '' : ` sent=${oneLine(r.modelSent)}`;
  const end = r.streamEnd === undefined || r.streamEnd === 'complete' ? '' : ` end=${r.streamEnd}`;
  return `${head} → ${who}${sent} first-byte=${Math.round(r.firstByteMs)}ms total=${r.totalMs === undefined ? '-' : `${Math.round(r.totalMs)}ms`}${end}`;
}

/** A record sink that logs each request once, when its body has ended. */
export function loggingSink(log: { record(record: RequestRecord): void }): RecordSink {
  return { started() {}, answered() {}, ended: (record) => log.record(record) };
}
