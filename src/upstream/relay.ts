import type { Backend } from '../config/types.ts';
import type { Answer } from './attempt.ts';
import type { AttemptRecord } from './failover.ts';
import { type ClientHeaders, buildClientHeaders, setHeader } from './headers.ts';
import { type GuardOptions, type StreamEnd, guardBody } from './stream-guard.ts';

/** `fast:503,smart:200`: every try for this answer, in order. */
export function formatAttempts(attempts: readonly AttemptRecord[]): string {
  return attempts.map((a) => `${a.backend}:${a.outcome}`).join(',');
}

/** Response headers that say what happened: who answered, every try, and the chain walked. */
export function routeHeaders<H extends ClientHeaders>(headers: H, { backend, attempts }: { backend?: Backend; attempts: readonly AttemptRecord[] }): H {
  if (backend) setHeader(headers, 'x-understudy-backend', backend.name);
  setHeader(headers, 'x-understudy-attempts', formatAttempts(attempts));
  setHeader(headers, 'x-understudy-route', attempts.length === 1 ? attempts[0]!.backend : [...new Set(attempts.map((a) => a.backend))].join('>'));
  return headers;
}

/** How an answer's body is watched on its way to the client. */
export interface BodyWatch {
  idleMs: number;
  onEnd: (end: StreamEnd) => void;
  resume?: GuardOptions['resume'];
  shutdown?: AbortSignal;
}

/**
 * The client's response for a backend's answer: same status, consistent headers, and the
 * body through the guard, which also ends the upstream request however the body ends.
 */
export function relayAnswer(answer: Answer, backend: Backend, attempts: readonly AttemptRecord[], watch: BodyWatch): Response {
  const headers = routeHeaders(buildClientHeaders(answer.headers), { backend, attempts });
  return new Response(guardAnswer(answer, watch), { status: answer.status, headers });
}

/** An answer's body as the client will read it, or null when it has none. */
export function guardAnswer(answer: Answer, { idleMs, onEnd, resume, shutdown }: BodyWatch): ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | null {
  if (!answer.reader) {
    answer.release();
    onEnd('complete');
    return answer.prelude && answer.prelude.length > 0 ? answer.prelude : null;
  }
  return guardBody(answer.prelude, answer.reader, {
    idleMs,
    sse: answer.sse,
    abortUpstream: () => answer.upstream.abort(),
    upstream: answer.upstream,
    pastTotal: answer.pastTotal,
    shutdown,
    onEnd: (end) => {
      answer.release();
      onEnd(end);
    },
    resume: answer.sse ? resume : undefined,
  });
}
