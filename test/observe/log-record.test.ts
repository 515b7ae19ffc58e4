import { describe, expect, it } from 'vitest';
import { loggingSink, recordJson, recordLevel } from '../../src/observe/log-record.ts';
import type { RequestRecord } from '../../src/observe/request-record.ts';
import { answeredPart, makeRecord } from './records.ts';

describe('recordLevel', () => {
  it('warns when every backend failed or a body ended badly; a client leaving is not a failure', () => {
    expect(recordLevel(makeRecord())).toBe('info');
    expect(recordLevel(makeRecord({ outcome: 'client-gone', status: 499, streamEnd: 'client-gone' }))).toBe('info');
    expect(recordLevel(makeRecord({ outcome: 'all-failed', status: 502 }))).toBe('warn');
    expect(recordLevel(makeRecord({ streamEnd: 'diverged' }))).toBe('warn');
  });
});

describe('recordJson', () => {
  it('names every field the same way each time, unknowns null, milliseconds to a tenth', () => {
    const r = makeRecord({ firstByteMs: 120.04, upstreamMs: 118.26, totalMs: undefined, streamEnd: undefined, tokens: undefined, modelSent: undefined });
    expect(recordJson(r, '2025-06-01T12:00:01.000Z')).toEqual({
      time: '2025-06-01T12:00:01.000Z', level: 'info', event: 'request', method: 'POST', path: '/v1/chat/completions', api: 'chat', alias: 'fast',
      model_asked: 'gpt-4o-mini', model_sent: null, attempts: [{ backend: 'fast', outcome: 200, cause: null }], backend: 'fast', translated: false,
      status: 200, outcome: 'answered', stream: true, stream_end: null, first_byte_ms: 120, upstream_ms: 118.3, latency_ms: null,
      tokens_in: null, tokens_out: null, started: '2025-06-01T12:00:00.000Z',
    });
  });
});

describe('loggingSink', () => {
  it('logs a request once, when its body has ended', () => {
    const logged: RequestRecord[] = [];
    const sink = loggingSink({ record: (r) => logged.push(r) });
    const record = makeRecord();
    sink.started();
    sink.answered(answeredPart(record));
    expect(logged).toEqual([]);
    sink.ended(record);
    expect(logged).toEqual([record]);
  });
});
