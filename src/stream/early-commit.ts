import type { Protocol } from '../protocols/protocol.ts';
import { type BodyEnd, type GuardOptions, guardBody } from './guard.ts';
import { KEEPALIVE_COMMENT } from './sse.ts';
import type { UpstreamHandle } from './upstream-handle.ts';

/** How the chain settled, for a stream committed before it did. */
export type Settled =
  /** an answer, and how its body is guarded */
  | { handle: UpstreamHandle; backend: string; guard: GuardOptions }
  /** every backend failed: the first failure's response, reported in-band */
  | { failure: Response }
  /** the client left */
  | undefined;

/**
 * The `200` SSE response sent before any backend has answered: keep-alive comments until the
 * chain settles, then the answer's stream, or an in-band error if it failed or answered
 * anything but a 200 stream. Only comments go out before the answer, so failover behind them
 * stays invisible.
 */
export function commitEarly(settled: Promise<Settled>, { client, clock, intervalMs }: { client: Protocol; clock: GuardOptions['clock']; intervalMs: number }): { response: Response; ended: Promise<BodyEnd> } {
  let settleEnd!: (end: BodyEnd) => void;
  const ended = new Promise<BodyEnd>((resolve) => (settleEnd = resolve));
  const outcome = settled.then(async (s): Promise<ReadableStream<Uint8Array> | Uint8Array | undefined> => {
    if (!s) return settleEnd({ how: 'client-gone', usage: undefined }), undefined;
    if ('failure' in s) return settleEnd({ how: 'failed', usage: undefined }), client.errorEvent(...(await failureOf(s.failure)));
    const guarded = guardBody(s.handle, s.guard);
    void guarded.ended.then(settleEnd);
    if (s.handle.status === 200 && guarded.body instanceof ReadableStream) return guarded.body;
    if (guarded.body instanceof ReadableStream) void guarded.body.cancel();
    return client.errorEvent(`Backend "${s.backend}" answered ${s.handle.status}.`, 'upstream_error');
  });
  const response = new Response(keepaliveStream(outcome, clock, intervalMs), {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-understudy-committed': 'early' },
  });
  return { response, ended };
}

/** Keep-alive comments until `outcome` settles; then its stream, or its one error event. */
function keepaliveStream(outcome: Promise<ReadableStream<Uint8Array> | Uint8Array | undefined>, clock: GuardOptions['clock'], intervalMs: number): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let settled: Awaited<typeof outcome> | 'pending' = 'pending';
  const ready = outcome.then((o) => (settled = o));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (settled === 'pending' && (await clock.outlasts(ready, intervalMs))) return controller.enqueue(KEEPALIVE_COMMENT);
        const o = settled as Awaited<typeof outcome>;
        if (!o) return controller.close(); // the client left
        if (o instanceof Uint8Array) {
          controller.enqueue(o);
          return controller.close();
        }
        reader ??= o.getReader();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        if (reader) return reader.cancel(reason);
        // Left before the answer came: end it when it does.
        void ready.then((o) => {
          if (o instanceof ReadableStream) void o.cancel(reason);
        });
      },
    },
    { highWaterMark: 0 },
  );
}

/** The message and code of the first failure, for the in-band error. */
async function failureOf(response: Response): Promise<[string, string]> {
  const text = await response.text().catch(() => '');
  let message = `Every backend failed; the first answered ${response.status}.`;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    if (parsed.error?.message) message = parsed.error.message;
  } catch {}
  return [message, `upstream_${response.status}`];
}
