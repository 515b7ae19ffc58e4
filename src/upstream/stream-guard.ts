import { type Deadline, deadline } from '../timing/deadlines.ts';
import type { ChunkReader } from './body-reader.ts';
import { DeliveredText, ResumeVerifier } from './resume.ts';
import type { UpstreamAbort } from './upstream-abort.ts';
import { type SseEvent, SseSplitter, errorEvent } from './sse.ts';

export type StreamEnd = 'complete' | 'stalled' | 'total' | 'shutdown' | 'failed' | 'incomplete' | 'diverged' | 'client-gone';

type Reader = ChunkReader;

export interface GuardOptions {
  /** Longest wait for the next chunk from upstream; 0 = no limit. Time the client spends reading does not count. */
  idleMs: number;
  /** SSE is forwarded event by event and reports failures in-band; any other body is passed through raw. */
  sse: boolean;
  /** Tears down the current upstream request (a stall, or a client that left). */
  abortUpstream: () => void;
  /** The current upstream request's end: once it has ended (deadline, shutdown, client), reading stops. */
  upstream?: UpstreamAbort;
  /** True once the request's total limit has cut it. */
  pastTotal?: () => boolean;
  /** Aborted when the gateway's shutdown grace is over (it also aborts the upstream request). */
  shutdown?: AbortSignal;
  /** Called once, however the body ends. */
  onEnd: (end: StreamEnd) => void;
  /** Verified resume: the next backend's answer to the same request, if any. */
  resume?: () => Promise<{ prelude?: Uint8Array; reader: Reader; abort: () => void; upstream: UpstreamAbort } | undefined>;
}

const MESSAGES: Record<Exclude<StreamEnd, 'complete' | 'client-gone'>, [string, string]> = {
  stalled: ['The upstream stream fell silent past the idle timeout; the answer is incomplete.', 'upstream_timeout'],
  total: ['The request reached its total time limit; the answer is incomplete.', 'total_timeout'],
  shutdown: ['The gateway is shutting down; the answer is incomplete.', 'gateway_shutdown'],
  failed: ['The upstream connection failed mid-stream; the answer is incomplete.', 'upstream_disconnected'],
  incomplete: ['The upstream stream ended without a finish reason or a done marker; the answer is incomplete.', 'upstream_incomplete'],
  diverged: ['The stream failed and the fallback backend did not reproduce the answer so far; the answer is incomplete.', 'resume_diverged'],
};

/**
 * Passes an upstream body to the client as it arrives (pull-driven: nothing is read ahead
 * of the client) and never lets a failure look like a clean end. SSE goes event by event,
 * byte for byte: malformed events are dropped; a stall, a drop, or an end without a finish
 * reason or `[DONE]` ends it with an in-band `data: {"error": …}` and no `[DONE]`. Any other
 * body is errored instead, so the client sees a cut connection.
 */
export function guardBody(prelude: Uint8Array | undefined, reader: Reader, opts: GuardOptions): ReadableStream<Uint8Array> {
  let current = reader;
  let abortCurrent = opts.abortUpstream;
  let currentEnd = opts.upstream;
  // An aborted fetch does not always fail a read already pending on its body (seen on Deno
  // 2.9 under load), so an abort also cancels the reader, which ends that read at once.
  const interrupt = () => void current.cancel().catch(() => {});
  let stopHearing = currentEnd?.listen(interrupt);
  let pending = prelude;
  let splitter = new SseSplitter();
  let verifier: ResumeVerifier | undefined;
  const delivered = opts.resume ? new DeliveredText() : undefined;
  let complete = false; // saw [DONE] or a finish reason
  let sawError = false;
  let ended = false;
  let stalled = false;
  let waitingSince = -1;
  let watchdog: Deadline | undefined;

  const end = (how: StreamEnd) => {
    if (ended) return;
    ended = true;
    watchdog?.cancel();
    stopHearing?.();
    opts.onEnd(how);
  };
  // One deadline per stream, re-armed, rather than one per chunk; it only counts time spent waiting on upstream.
  const check = () => {
    const waited = waitingSince < 0 ? 0 : performance.now() - waitingSince;
    if (waited >= opts.idleMs) {
      stalled = true;
      abortCurrent();
      interrupt();
    } else watchdog = deadline(opts.idleMs - waited, check);
  };
  const read = async () => {
    waitingSince = performance.now();
    try {
      return await current.read();
    } finally {
      waitingSince = -1;
    }
  };

  /** The bytes of a chunk that go to the client, and whether the answer diverged. */
  const filter = (chunk: Uint8Array): Uint8Array[] | 'diverged' => {
    const events = splitter.push(chunk);
    const out: Uint8Array[] = [];
    for (const event of events) {
      if (event.kind === 'malformed') continue;
      if (verifier) {
        const bytes = verifier.accept(event);
        if (bytes === 'diverged') return 'diverged';
        if (bytes) out.push(bytes);
      } else out.push(event.bytes);
      note(event);
    }
    // The common case, one chunk of whole good events, goes out as the very same chunk.
    return !verifier && out.length === events.length && splitter.pending === 0 && out.length > 0 && sum(out) === chunk.length ? [chunk] : out;
  };
  const note = (event: SseEvent) => {
    if (event.kind === 'done' || event.finished) complete = true;
    if (event.kind === 'error') sawError = true;
    delivered?.record(event);
  };

  const fail = async (controller: ReadableStreamDefaultController<Uint8Array>, how: StreamEnd): Promise<boolean> => {
    if ((how === 'stalled' || how === 'failed' || how === 'incomplete') && opts.resume && delivered?.resumable && !verifier) {
      const next = await opts.resume().catch(() => undefined);
      if (next) {
        stopHearing?.();
        current = next.reader;
        abortCurrent = next.abort;
        currentEnd = next.upstream;
        stopHearing = currentEnd.listen(interrupt);
        splitter = new SseSplitter();
        verifier = new ResumeVerifier(delivered.text);
        stalled = false;
        pending = next.prelude;
        return false; // keep streaming, from the new backend
      }
    }
    end(how);
    if (!sawError) controller.enqueue(errorEvent(...MESSAGES[how as keyof typeof MESSAGES]));
    controller.close();
    return true;
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        watchdog = deadline(opts.idleMs, check); // 0: no idle limit
        // What is already in hand is queued at once: a runtime then sends it with the headers.
        if (pending) {
          const out = opts.sse ? filter(pending) : [pending];
          pending = undefined;
          if (out !== 'diverged') for (const bytes of out) controller.enqueue(bytes);
        }
      },
      async pull(controller) {
        // Loop until something goes out: a chunk may hold only part of an event.
        for (;;) {
          let chunk: Uint8Array;
          if (pending) {
            chunk = pending;
            pending = undefined;
          } else {
            let result: Awaited<ReturnType<typeof read>>;
            try {
              result = await read();
              if (stalled || currentEnd?.aborted) throw currentEnd?.reason ?? new Error('stalled');
            } catch (err) {
              const how = stalled ? 'stalled' : opts.shutdown?.aborted ? 'shutdown' : opts.pastTotal?.() ? 'total' : 'failed';
              if (!opts.sse) {
                end(how);
                return controller.error(err);
              }
              if (await fail(controller, how)) return;
              continue;
            }
            if (result.done) {
              if (opts.sse && !complete && !sawError) {
                if (await fail(controller, 'incomplete')) return;
                continue;
              }
              end('complete');
              return controller.close();
            }
            chunk = result.value;
          }
          if (!opts.sse) return controller.enqueue(chunk);
          const out = filter(chunk);
          if (out === 'diverged') {
            abortCurrent();
            await fail(controller, 'diverged');
            return;
          }
          if (out.length === 0) continue;
          for (const bytes of out) controller.enqueue(bytes);
          return;
        }
      },
      cancel(reason) {
        end('client-gone');
        abortCurrent();
        return current.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}

function sum(chunks: Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}
