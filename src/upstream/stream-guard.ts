export type StreamEnd = 'complete' | 'stalled' | 'failed' | 'client-gone';

export interface GuardOptions {
  /** Longest wait for the next chunk from upstream; 0 = no limit. Time the client spends reading does not count. */
  idleMs: number;
  /** An SSE body reports a failure in-band as `data: {"error": …}`, since its status is already sent. */
  sse: boolean;
  /** Tears down the upstream request (a stall, or a client that left). */
  abortUpstream: () => void;
  /** Called once, however the body ends. */
  onEnd: (end: StreamEnd) => void;
}

const encoder = new TextEncoder();

/**
 * Passes an upstream body through chunk by chunk (pull-driven, nothing buffered) and makes
 * its failures visible: a stall past `idleMs` or a dropped upstream ends an SSE stream with
 * an in-band error event and no `[DONE]`, and errors any other body so the client sees a
 * cut connection rather than a clean-looking end.
 */
export function guardBody(body: ReadableStream<Uint8Array>, opts: GuardOptions): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let waitingSince = -1;
  let stalled = false;
  let ended = false;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let tail = 0x0a0a; // the last two bytes sent, to start the error event on an event boundary

  const end = (how: StreamEnd) => {
    if (ended) return;
    ended = true;
    clearTimeout(watchdog);
    opts.onEnd(how);
  };
  // One timer per stream, re-armed, rather than one per chunk.
  const check = () => {
    const waited = waitingSince < 0 ? 0 : performance.now() - waitingSince;
    if (waited >= opts.idleMs) {
      stalled = true;
      opts.abortUpstream();
    } else watchdog = setTimeout(check, opts.idleMs - waited);
  };

  return new ReadableStream<Uint8Array>(
    {
      start() {
        if (opts.idleMs > 0) watchdog = setTimeout(check, opts.idleMs);
      },
      async pull(controller) {
        waitingSince = performance.now();
        try {
          const { done, value } = await reader.read();
          waitingSince = -1;
          if (done) {
            end('complete');
            controller.close();
            return;
          }
          if (value.length >= 2) tail = (value[value.length - 2]! << 8) | value[value.length - 1]!;
          else if (value.length === 1) tail = ((tail & 0xff) << 8) | value[0]!;
          controller.enqueue(value);
        } catch (err) {
          waitingSince = -1;
          end(stalled ? 'stalled' : 'failed');
          if (!opts.sse) return controller.error(err);
          controller.enqueue(errorEvent(stalled, tail === 0x0a0a));
          controller.close();
        }
      },
      cancel(reason) {
        end('client-gone');
        opts.abortUpstream();
        return reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}

function errorEvent(stalled: boolean, atBoundary: boolean): Uint8Array {
  const error = stalled
    ? { message: 'The upstream stream fell silent past the timeout; the answer is incomplete.', type: 'api_error', param: null, code: 'upstream_timeout' }
    : { message: 'The upstream connection failed mid-stream; the answer is incomplete.', type: 'api_error', param: null, code: 'upstream_disconnected' };
  return encoder.encode(`${atBoundary ? '' : '\n\n'}data: ${JSON.stringify({ error })}\n\n`);
}
