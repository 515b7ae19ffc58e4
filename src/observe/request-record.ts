import type { StreamEnd } from '../stream/stream-end.ts';

/** One try at one backend, as the cockpit shows it. */
export interface AttemptFact {
  /** The backend's name (from configuration). */
  backend: string;
  /** The status it answered, or why it failed: `timeout`, `first-token-timeout`, `unreachable`, `stream-error`, `context-length`, `untranslatable`. */
  outcome: number | string;
  /** For `unreachable`: `connection refused`, `DNS lookup failed`, … */
  cause?: string;
}

/**
 * What one request did, with nothing of its content: no prompt, answer, key or header. The log
 * line, the JSON log, the metrics and the dashboard are all made from these. Names that label
 * metrics (alias, backends) come only from configuration, never from a client's model string.
 */
export interface RequestRecord {
  /** ISO time the request arrived. */
  time: string;
  method: string;
  path: string;
  /** The API it was called in: `chat`, `responses`, `messages`, `embeddings`, or `other` for calls passed on untouched. */
  api: string;
  /** The model the client asked for (free text: shown, never a metric label). */
  modelAsked: string | undefined;
  /** The model sent to the backend that answered, if one did and a model was forced or passed. */
  modelSent: string | undefined;
  /** The alias the model resolved to (configuration). */
  alias: string;
  /** Every try, in order. */
  attempts: AttemptFact[];
  /** The backend that answered, if one did. */
  backend: string | undefined;
  /** Whether that backend's answer was translated (it does not speak the client's API). */
  translated: boolean;
  /** The status the client got; 499 when it left first. */
  status: number;
  /** How the answer settled: `answered`, `all-failed`, `client-gone`. */
  outcome: 'answered' | 'all-failed' | 'client-gone';
  /** Milliseconds from arrival to the answer's first byte (status and headers) going out. */
  firstByteMs: number;
  /** Milliseconds from arrival to the body's end; undefined until it has ended. */
  totalMs: number | undefined;
  /** How the body ended; undefined until it has. */
  streamEnd: StreamEnd | undefined;
  /** Whether the client asked for a stream. */
  stream: boolean;
  /** Milliseconds spent waiting on backends before the answer went out (every attempt, retries' waits included): `firstByteMs` less this is the gateway's own time. */
  upstreamMs: number;
  /** Tokens, when the answer reported usage. */
  tokens: { input: number; output: number } | undefined;
  /** Set by the recent-requests ring when it keeps the record: its place there. */
  id?: number;
}

/** Where request records go: the log, the metrics, the dashboard's recent list. */
export interface RecordSink {
  /** A request arrived (for requests in flight). */
  started(): void;
  /** Its answer went out (or it failed, or the client left): `totalMs` and `streamEnd` may still be unknown. */
  answered(record: RequestRecord): void;
  /** Its body ended; called once, after `answered`, with `totalMs` and `streamEnd` set. */
  ended(record: RequestRecord): void;
}
