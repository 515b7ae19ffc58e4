import { concatBytes } from '../bytes.ts';
import type { Clock } from '../lifecycle/clock.ts';
import type { Protocol, StreamOutput } from '../protocols/protocol.ts';
import { DeliveredText, ResumeVerifier } from './resume.ts';
import { type SseEvent, SseSplitter } from './sse.ts';
import { FAILURE_MESSAGES, RESUMABLE, type StreamEnd } from './stream-end.ts';
import { UpstreamSource } from './upstream-source.ts';
import { type Usage, mergeUsage, usageInBody } from './usage.ts';
import type { Continuation, UpstreamHandle } from './upstream-handle.ts';
import { verbatimOutput } from './verbatim-output.ts';
import { Watchdog } from './watchdog.ts';

export interface GuardOptions {
  /** The protocol the upstream stream speaks: what counts as content, its clean end. */
  protocol: Protocol;
  /** What the client is sent of it: by default the events as they came, failures in the protocol's in-band form. */
  output?: StreamOutput;
  clock: Clock;
  /** Aborted when the gateway's shutdown grace is over (it also aborts the upstream request). */
  shutdown?: AbortSignal;
  /** Verified resume: where the answer may continue after a mid-stream failure. */
  resume?: Continuation;
}

/** How a body ended, and the tokens the answer reported on its way. */
export interface BodyEnd {
  how: StreamEnd;
  usage: Usage | undefined;
}

/** A body on its way to the client, and how it ended once it has. */
export interface GuardedBody {
  body: ReadableStream<Uint8Array> | Uint8Array<ArrayBuffer> | null;
  ended: Promise<BodyEnd>;
}

/**
 * Passes an upstream body to the client as it arrives (pull-driven: nothing is read ahead of
 * the client) and never lets a failure look like a clean end. An event stream goes event by
 * event, byte for byte, malformed events dropped; a stall, a drop, or an end without the
 * protocol's end marker ends it with the protocol's in-band error. Any other body is errored
 * instead, so the client sees a cut connection. The handle is closed however the body ends.
 */
export function guardBody(handle: UpstreamHandle, opts: GuardOptions): GuardedBody {
  if (!handle.reader) {
    handle.close();
    const body = handle.prelude && handle.prelude.length > 0 ? handle.prelude : null;
    return { body, ended: Promise.resolve({ how: 'complete', usage: usageInBody(body ?? undefined) }) };
  }
  const guard = new EventGuard(handle, opts);
  return { body: guard.stream(), ended: guard.ended };
}

type Step = { chunk: Uint8Array } | { end: StreamEnd; err?: unknown };

class EventGuard {
  readonly ended: Promise<BodyEnd>;
  #settle!: (end: BodyEnd) => void;
  #usage: Usage | undefined;
  #done = false;
  readonly #source: UpstreamSource;
  readonly #watchdog: Watchdog;
  readonly #sse: boolean;
  #pending: Uint8Array | undefined;
  #splitter: SseSplitter;
  #verifier: ResumeVerifier | undefined;
  readonly #delivered: DeliveredText | undefined;
  readonly #output: StreamOutput;
  readonly #usageOf: Protocol['usageOf'];
  #last: Uint8Array | undefined; // a raw body's last chunk: a JSON answer's usage is at its end
  #complete = false; // the protocol's clean end was seen
  #sawError = false; // upstream reported its own error in-band

  constructor(
    handle: UpstreamHandle,
    private readonly opts: GuardOptions,
  ) {
    this.ended = new Promise((resolve) => (this.#settle = resolve));
    this.#source = new UpstreamSource(handle);
    this.#watchdog = new Watchdog(opts.clock, handle.idleMs, () => this.#source.abort());
    this.#sse = handle.sse;
    this.#pending = handle.prelude;
    this.#splitter = new SseSplitter(opts.protocol);
    this.#delivered = this.#sse && opts.resume ? new DeliveredText(opts.protocol) : undefined;
    this.#output = opts.output ?? verbatimOutput(opts.protocol);
    this.#usageOf = opts.protocol.usageOf;
  }

  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#watchdog.start();
          // What is already in hand is queued at once: a runtime then sends it with the headers.
          const first = this.#pending;
          this.#pending = undefined;
          if (first) this.#send(controller, first);
        },
        pull: (controller) => this.#pull(controller),
        cancel: (reason) => {
          this.#end('client-gone');
          return this.#source.cancel(reason);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** Loops until something goes out: a chunk may hold only part of an event. */
  async #pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    for (;;) {
      const step = await this.#next();
      if ('end' in step) {
        if (step.end !== 'complete' && (await this.#resume(step.end))) continue;
        return this.#finish(controller, step);
      }
      const sent = this.#send(controller, step.chunk);
      if (sent === 'diverged') return this.#finish(controller, { end: 'diverged' });
      if (sent) return;
    }
  }

  /** The next chunk, or how the body ended. */
  async #next(): Promise<Step> {
    if (this.#pending) {
      const chunk = this.#pending;
      this.#pending = undefined;
      return { chunk };
    }
    try {
      const result = await this.#watchdog.watch(this.#source.read());
      if (this.#watchdog.stalled || this.#source.aborted) throw this.#source.reason ?? new Error('stalled');
      if (!result.done) return { chunk: result.value };
      return { end: !this.#sse || this.#complete || this.#sawError ? 'complete' : 'incomplete' };
    } catch (err) {
      const end = this.#watchdog.stalled ? 'stalled' : this.opts.shutdown?.aborted ? 'shutdown' : this.#source.pastTotal() ? 'total' : 'failed';
      return { end, err };
    }
  }

  /** Queues what of a chunk goes to the client; whether anything went, or 'diverged'. */
  #send(controller: ReadableStreamDefaultController<Uint8Array>, chunk: Uint8Array): boolean | 'diverged' {
    if (!this.#sse) {
      this.#last = chunk;
      controller.enqueue(chunk);
      return true;
    }
    const out = this.#filter(chunk);
    if (out === 'diverged') return out;
    if (out.length === 0) return false;
    // What one upstream chunk became goes out as one chunk: a runtime writes each chunk to the
    // socket on its own (a translated chunk of finish, usage and [DONE] was three writes).
    controller.enqueue(out.length === 1 ? out[0]! : concatBytes(out));
    return true;
  }

  /** The bytes of a chunk that go to the client, and whether a resumed answer diverged. */
  #filter(chunk: Uint8Array): Uint8Array[] | 'diverged' {
    const events = this.#splitter.push(chunk);
    const out: Uint8Array[] = [];
    for (const event of events) {
      if (event.kind === 'malformed') continue;
      const passed = this.#verifier ? this.#verifier.accept(event) : event;
      if (passed === 'diverged') return passed;
      const bytes = passed && this.#output.write(passed);
      if (bytes) out.push(bytes);
      this.#note(event);
    }
    // The common case, one chunk of whole good events, goes out as the very same chunk.
    const whole = this.#output.verbatim && !this.#verifier && out.length === events.length && out.length > 0 && this.#splitter.pending === 0;
    return whole && byteLength(out) === chunk.length ? [chunk] : out;
  }

  #note(event: SseEvent): void {
    if (event.complete) this.#complete = true;
    if (event.kind === 'error') this.#sawError = true;
    if (event.data !== undefined && this.#usageOf) this.#usage = mergeUsage(this.#usage, this.#usageOf(event.data));
    this.#delivered?.record(event);
  }

  /** Verified resume, where allowed: the rest of the chain continues the answer. */
  async #resume(how: StreamEnd): Promise<boolean> {
    const delivered = this.#delivered;
    if (!delivered?.resumable || this.#verifier || !RESUMABLE.has(how)) return false;
    const next = await this.opts.resume!.next().catch(() => undefined);
    if (!next) return false;
    this.#source.switchTo(next);
    this.#splitter = new SseSplitter(this.opts.protocol);
    this.#verifier = new ResumeVerifier(this.opts.protocol, delivered.text);
    this.#pending = next.prelude;
    this.#watchdog.start();
    return true;
  }

  #finish(controller: ReadableStreamDefaultController<Uint8Array>, step: Exclude<Step, { chunk: Uint8Array }>): void {
    const how = step.end;
    if (how === 'diverged') this.#source.abort();
    this.#end(how);
    if (how === 'complete') {
      const last = this.#sse ? this.#output.end() : undefined;
      if (last) controller.enqueue(last);
      return controller.close();
    }
    if (!this.#sse) return controller.error(step.err);
    if (!this.#sawError) controller.enqueue(this.#output.fail(...FAILURE_MESSAGES[how as keyof typeof FAILURE_MESSAGES]));
    controller.close();
  }

  #end(how: StreamEnd): void {
    if (this.#done) return;
    this.#done = true;
    this.#watchdog.stop();
    if (how === 'client-gone') this.#source.abort();
    this.#source.close();
    this.#settle({ how, usage: this.#sse ? this.#usage : usageInBody(this.#last) });
  }
}

function byteLength(chunks: Uint8Array[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}
