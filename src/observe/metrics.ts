import type { StreamEnd } from '../stream/stream-end.ts';
import { BREAKER_STATES, type HealthSource } from './health-view.ts';
import { ATTEMPT_KINDS, STATUS_CLASSES, attemptKind, statusClass } from './outcome-kind.ts';
import { CounterVec, HistogramVec, Label, LabelSet, labelText, renderGauge } from './prom-text.ts';
import type { RecordSink, RequestRecord } from './request-record.ts';

/** The APIs a request may be counted under; anything else is `other`. */
const APIS = ['chat', 'responses', 'messages', 'embeddings'];
const OUTCOMES: RequestRecord['outcome'][] = ['answered', 'all-failed', 'client-gone'];
const STREAM_ENDS: StreamEnd[] = ['complete', 'client-gone', 'stalled', 'total', 'shutdown', 'failed', 'incomplete', 'diverged'];
/** Latency buckets in seconds: LLM answers run from tens of milliseconds to many minutes. */
const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320, 640];
/** The gateway's own time is small: sub-millisecond to a queue wait. */
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

/** Most alias or backend names a label keeps, across reloads; more count as `other`. */
const MAX_NAMES = 256;

/** The configured names: the only alias and backend label values. */
export interface MetricNames {
  /** The configured alias names (`Object.keys(config.aliases)`). */
  aliases: readonly string[];
  /** The configured backend names (`Object.keys(config.backends)`). */
  backends: readonly string[];
}

/** What the registry is built from: names from configuration only, and the breakers to read. */
export interface MetricsOptions extends MetricNames {
  /** Each backend's breaker, read at every scrape. */
  health?: HealthSource;
  /** The gateway's version, for `understudy_build_info`. */
  version?: string;
}

/** One failover count, for the dashboard. */
export interface FailoverCount {
  from: string;
  to: string;
  reason: string;
  count: number;
}

const nameLabel = (name: string, extra: string[] = []) => new Label(name, extra, { fallback: 'other', capacity: MAX_NAMES + 1 + extra.length });

/**
 * The gateway's Prometheus metrics, fed one request record at a time. Labels take only configured
 * names and fixed values; any other alias or backend is counted as `other`, so a client cannot
 * grow the series. Counting is a few map lookups; `render()` builds the text.
 */
export class MetricsRegistry implements RecordSink {
  readonly #health: HealthSource | undefined;
  readonly #version: string;
  #backendNames: readonly string[] = [];
  readonly #api = new Label('api', APIS, { fallback: 'other' });
  readonly #alias = nameLabel('alias');
  readonly #backend = nameLabel('backend');
  readonly #backendOrNone = nameLabel('backend', ['none']);
  readonly #from = nameLabel('from');
  readonly #to = nameLabel('to');
  readonly #outcome = new Label('outcome', OUTCOMES);
  readonly #status = new Label('status', STATUS_CLASSES);
  readonly #attemptKind = new Label('outcome', ATTEMPT_KINDS);
  readonly #reason = new Label('reason', ATTEMPT_KINDS);
  readonly #end = new Label('end', STREAM_ENDS, { fallback: 'other' });
  readonly #requests = new CounterVec('understudy_requests_total', 'Requests answered, by API, alias, the backend that answered (none if none did), outcome and status class sent to the client.',
    new LabelSet([this.#api, this.#alias, this.#backendOrNone, this.#outcome, this.#status]));
  readonly #attempts = new CounterVec('understudy_attempts_total', 'Tries at a backend, by backend and outcome (status class, 429, or why it failed).', new LabelSet([this.#backend, this.#attemptKind]));
  readonly #failovers = new CounterVec('understudy_failovers_total', "Moves from one backend to the next after a failed try, by the failed try's outcome.", new LabelSet([this.#from, this.#to, this.#reason]));
  readonly #retries = new CounterVec('understudy_retries_total', "Tries repeated on the same backend after a failed one, by the failed try's outcome.", new LabelSet([this.#backend, this.#reason]));
  readonly #streamEnds = new CounterVec('understudy_stream_ends_total', 'Answer bodies ended, by backend and how: complete, client-gone, or the in-band error the client was sent.', new LabelSet([this.#backendOrNone, this.#end]));
  readonly #tokens = new CounterVec('understudy_tokens_total', "Tokens reported in answers' usage, by backend and kind (input or output).", new LabelSet([this.#backend, new Label('kind', ['input', 'output'])]));
  readonly #firstByte = new HistogramVec('understudy_time_to_first_byte_seconds', "Time from a request's arrival to its answer's status and headers going out, by alias.", new LabelSet([this.#alias]), LATENCY_BUCKETS);
  readonly #duration = new HistogramVec('understudy_request_duration_seconds', "Time from a request's arrival to the end of its answer's body, by alias.", new LabelSet([this.#alias]), LATENCY_BUCKETS);
  readonly #overhead = new HistogramVec('understudy_gateway_overhead_seconds', 'Time the gateway itself added before the first byte: time to first byte less the time spent waiting on backends.', new LabelSet([]), OVERHEAD_BUCKETS);
  #inFlight = 0;

  constructor(options: MetricsOptions) {
    this.#health = options.health;
    this.#version = options.version ?? 'unknown';
    this.configure(options);
  }

  /**
   * Takes the names of a new configuration (a reload). New names get their own series; names no
   * longer configured keep theirs (counters only grow) but leave the breaker gauges.
   */
  configure({ aliases, backends }: MetricNames): void {
    for (const a of aliases) this.#alias.add(a);
    for (const b of backends) for (const label of [this.#backend, this.#backendOrNone, this.#from, this.#to]) label.add(b);
    this.#backendNames = [...backends];
  }

  /** A request arrived. */
  started(): void {
    this.#inFlight++;
  }

  /** Its answer went out: the request, its attempts, failovers and time to first byte are counted. */
  answered(record: RequestRecord): void {
    const alias = this.#alias.indexOf(record.alias);
    const outcome = this.#outcome.indexOf(record.outcome);
    const backend = this.#backendOrNone.indexOf(record.backend ?? 'none');
    const status = this.#status.indexOf(statusClass(record.status));
    this.#requests.add(this.#requests.labels.series(this.#api.indexOf(record.api), alias, backend, outcome, status));
    this.#countAttempts(record.attempts);
    if (record.outcome === 'client-gone') return; // no byte went out: no first-byte time to speak of
    this.#firstByte.observe(alias, record.firstByteMs / 1000);
    this.#overhead.observe(0, Math.max(0, record.firstByteMs - record.upstreamMs) / 1000);
  }

  /** Its body ended: the total time, how it ended and the tokens are counted. */
  ended(record: RequestRecord): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (record.totalMs !== undefined) this.#duration.observe(this.#alias.indexOf(record.alias), record.totalMs / 1000);
    const backend = this.#backendOrNone.indexOf(record.backend ?? 'none');
    if (record.streamEnd !== undefined) this.#streamEnds.add(this.#streamEnds.labels.series(backend, this.#end.indexOf(record.streamEnd)));
    if (record.tokens && record.backend !== undefined) {
      const b = this.#backend.indexOf(record.backend);
      this.#tokens.add(this.#tokens.labels.series(b, 0), record.tokens.input);
      this.#tokens.add(this.#tokens.labels.series(b, 1), record.tokens.output);
    }
  }

  #countAttempts(attempts: RequestRecord['attempts']): void {
    let previous: RequestRecord['attempts'][number] | undefined;
    let previousBackend = -1;
    let previousKind = -1;
    for (const attempt of attempts) {
      const backend = this.#backend.indexOf(attempt.backend);
      const kind = this.#attemptKind.indexOf(attemptKind(attempt.outcome));
      this.#attempts.add(this.#attempts.labels.series(backend, kind));
      if (previous?.backend === attempt.backend) this.#retries.add(this.#retries.labels.series(previousBackend, previousKind));
      else if (previous) this.#failovers.add(this.#failovers.labels.series(this.#from.indexOf(previous.backend), this.#to.indexOf(attempt.backend), previousKind));
      previous = attempt;
      previousBackend = backend;
      previousKind = kind;
    }
  }

  /** Requests in flight now (started, body not yet ended). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests answered so far, every label together. */
  requestCount(): number {
    return this.#requests.entries().reduce((sum, [, n]) => sum + n, 0);
  }

  /** Failovers so far, by from, to and reason. */
  failoverCounts(): FailoverCount[] {
    return this.#failovers.entries().map(([series, count]) => {
      const [from, to, reason] = this.#failovers.labels.decode(series) as [string, string, string];
      return { from, to, reason, count };
    });
  }

  /** The text exposition (format 0.0.4) of every metric, breakers read now. */
  render(): string {
        return [
      renderGauge('understudy_build_info', 'The running gateway\'s version; always 1.', [[labelText([['version', this.#version]]), 1]]),
      this.#requests.render(),
      this.#attempts.render(),
      this.#failovers.render(),
      this.#retries.render(),
      this.#firstByte.render(),
      this.#duration.render(),
      this.#overhead.render(),
      renderGauge('understudy_requests_in_flight', 'Requests that arrived and whose answer has not ended yet.', [['', this.#inFlight]]),
      this.#renderBreakers(),
      this.#streamEnds.render(),
      this.#tokens.render(),
    ].join('');
  }

  #renderBreakers(): string {
    const state: [string, number][] = [];
    const failures: [string, number][] = [];
    const models: [string, number][] = [];
    for (const name of this.#backendNames) {
      const view = this.#health?.(name);
      if (!view) continue;
      for (const s of BREAKER_STATES) state.push([labelText([['backend', name], ['state', s]]), view.state === s ? 1 : 0]);
      failures.push([labelText([['backend', name]]), view.consecutive_failures]);
      if (!view.models) continue;
      const tracked = Object.values(view.models);
      for (const s of BREAKER_STATES) models.push([labelText([['backend', name], ['state', s]]), tracked.filter((m) => m.state === s).length]);
    }
    return (
      renderGauge('understudy_backend_state', 'Each backend\'s circuit breaker: 1 for its current state, 0 for the others.', state) +
      renderGauge('understudy_backend_consecutive_failures', 'Failures in a row at each backend since its last success.', failures) +
      renderGauge('understudy_backend_models', 'Models a backend keeps a breaker for apart, by breaker state.', models)
    );
  }
}

/** The content type of the text exposition format 0.0.4. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** `GET /metrics`: the registry rendered now. */
export function metricsHandler(metrics: MetricsRegistry): (req: Request) => Response {
  return () => new Response(metrics.render(), { headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' } });
}
