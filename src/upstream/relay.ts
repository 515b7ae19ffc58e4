import type { Backend } from '../config/types.ts';
import type { AttemptResult } from './attempt.ts';
import type { AttemptRecord } from './failover.ts';
import { buildClientHeaders } from './headers.ts';
import { type StreamEnd, guardBody } from './stream-guard.ts';

/** `fast:503,smart:200`: every backend tried for this answer, in order. */
export function formatAttempts(attempts: readonly AttemptRecord[]): string {
  return attempts.map((a) => `${a.backend}:${a.outcome}`).join(',');
}

/**
 * Turns the backend's answer into the client's response: same status, consistent headers,
 * and the body streamed through the idle guard, which also ends the upstream request.
 */
export function relayResponse(
  { response, upstream, release }: Extract<AttemptResult, { ok: true }>,
  { backend, attempts, idleMs, onEnd }: { backend: Backend; attempts: readonly AttemptRecord[]; idleMs: number; onEnd: (end: StreamEnd) => void },
): Response {
  const headers = buildClientHeaders(response.headers);
  headers.set('x-understudy-backend', backend.name);
  headers.set('x-understudy-attempts', formatAttempts(attempts));
  const sse = headers.get('content-type')?.includes('text/event-stream') ?? false;
  const body = response.body
    ? guardBody(response.body, {
        idleMs,
        sse,
        abortUpstream: () => upstream.abort(),
        onEnd: (end) => {
          release();
          onEnd(end);
        },
      })
    : null;
  if (!body) release();
  return new Response(body, { status: response.status, headers });
}
