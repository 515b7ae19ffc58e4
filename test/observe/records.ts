import type { RequestRecord } from '../../src/observe/request-record.ts';

/** A request record as the request path makes one: a chat call on `fast`, answered 200 and complete. */
export function makeRecord(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    time: '2025-06-01T12:00:00.000Z',
    method: 'POST',
    path: '/v1/chat/completions',
    api: 'chat',
    modelAsked: 'gpt-4o-mini',
    modelSent: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
    alias: 'fast',
    attempts: [{ backend: 'fast', outcome: 200 }],
    backend: 'fast',
    translated: false,
    status: 200,
    outcome: 'answered',
    firstByteMs: 120,
    totalMs: 900,
    streamEnd: 'complete',
    stream: true,
    upstreamMs: 118,
    tokens: { input: 12, output: 34 },
    ...overrides,
  };
}

/** A record as `answered` sees it for a stream: the body has not ended yet. */
export function answeredPart(record: RequestRecord): RequestRecord {
  return { ...record, totalMs: undefined, streamEnd: undefined, tokens: undefined };
}
