import { outlasts } from '../timing/deadlines.ts';
import { KEEPALIVE_COMMENT, errorEvent } from './sse.ts';

/**
 * A stream committed early: `200` and SSE keep-alive comments go out while the gateway is
 * still waiting for a backend's first token, so clients and proxies keep the connection.
 * Only comments are sent before the answer, so failover behind it stays invisible; if every
 * backend fails, the failure is reported in-band.
 */
export function keepaliveStream(
  outcome: Promise<{ body: ReadableStream<Uint8Array> } | { error: { message: string; code: string } } | undefined>,
  intervalMs: number,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let settled: Awaited<typeof outcome> | 'pending' = 'pending';
  const ready = outcome.then((o) => (settled = o));
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (settled === 'pending' && (await outlasts(ready, intervalMs))) return controller.enqueue(KEEPALIVE_COMMENT);
        const o = settled as Awaited<typeof outcome>;
        if (!o) return controller.close(); // the client left
        if ('error' in o) {
          controller.enqueue(errorEvent(o.error.message, o.error.code));
          return controller.close();
        }
        reader ??= o.body.getReader();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        if (reader) return reader.cancel(reason);
        // Left before the answer came: end it when it does.
        void ready.then((o) => {
          if (o && 'body' in o) void o.body.cancel(reason);
        });
      },
    },
    { highWaterMark: 0 },
  );
}
