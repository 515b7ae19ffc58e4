import type { Backend } from '../config/types.ts';
import type { IncomingCall } from '../http/incoming-call.ts';
import type { Clock } from '../lifecycle/clock.ts';
import type { RecordSink, RequestRecord } from '../observe/request-record.ts';
import type { BodyEnd } from '../stream/guard.ts';
import type { ChainResult } from '../upstream/failover.ts';

/**
 * What one request did, as a `RequestRecord` (nothing of its content), handed to the sink —
 * the log, the metrics, the dashboard — when the answer goes out and when its body ends.
 */
export class RequestReport {
  readonly #record: LiveRecord;
  readonly #started: number;
  #walkStarted = 0;

  constructor(
    private readonly sink: RecordSink,
    private readonly clock: Clock,
    call: IncomingCall,
    fields: { api: string; model: unknown; alias: string; stream: boolean },
  ) {
    this.#started = clock.now();
    this.#record = new LiveRecord(clock.wallTime(), call, fields);
    sink.started();
  }

  /** The failover walk starts: from here until it settles is time spent on backends. */
  walking(): void {
    this.#walkStarted = this.clock.now();
  }

  /** How the walk settled, and the status the client gets; `sent` is the model the answering backend was sent. */
  settled(result: ChainResult, status: number, sent: (backend: Backend) => string | undefined): void {
    const r = this.#record;
    r.upstreamMs = this.clock.now() - this.#walkStarted;
    r.outcome = result.kind === 'answered' ? 'answered' : result.kind;
    r.attempts = result.attempts;
    if (result.kind === 'answered') {
      r.backend = result.backend.name;
      r.translated = result.translation !== undefined;
      r.modelSent = sent(result.backend);
    }
    this.answered(status);
  }

  /** The request ended in an error before any backend answered (the queue was full, an internal error). */
  refused(err: unknown): void {
    this.#record.outcome = 'all-failed';
    this.answered(typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500);
    this.ended({ how: 'complete', usage: undefined });
  }

  /** The answer's status and headers go out now (or the request ends without one). */
  answered(status: number): void {
    this.#record.status = status;
    this.#record.firstByteMs = this.clock.now() - this.#started;
    this.sink.answered(this.#record);
  }

  /** The body ended: how, and the tokens it reported. */
  ended({ how, usage }: BodyEnd): void {
    this.#record.totalMs = this.clock.now() - this.#started;
    this.#record.streamEnd = how;
    this.#record.tokens = usage;
    this.sink.ended(this.#record);
  }
}

/** A record whose ISO time is written only when something reads it (a log line, the dashboard). */
class LiveRecord implements RequestRecord {
  method: string;
  path: string;
  api: string;
  modelAsked: string | undefined;
  modelSent: string | undefined = undefined;
  alias: string;
  attempts: RequestRecord['attempts'] = [];
  backend: string | undefined = undefined;
  translated = false;
  status = 0;
  outcome: RequestRecord['outcome'] = 'client-gone';
  firstByteMs = 0;
  totalMs: number | undefined = undefined;
  streamEnd: RequestRecord['streamEnd'] = undefined;
  stream: boolean;
  upstreamMs = 0;
  tokens: RequestRecord['tokens'] = undefined;
  id: number | undefined = undefined;

  constructor(
    private readonly startedAt: number,
    call: IncomingCall,
    fields: { api: string; model: unknown; alias: string; stream: boolean },
  ) {
    this.method = call.method;
    this.path = call.url.pathname;
    this.api = fields.api;
    this.modelAsked = typeof fields.model === 'string' ? fields.model : undefined;
    this.alias = fields.alias;
    this.stream = fields.stream;
  }

  get time(): string {
    return new Date(this.startedAt).toISOString();
  }
}
