/** How the gateway treats one backend. Times in milliseconds; 0 = no limit where noted. */
export interface BackendPolicy {
  /** Time to open the connection, where the runtime's client can tell (Node). */
  connectTimeoutMs: number;
  /** Time until the response starts (status and headers). 0 = none. */
  firstByteTimeoutMs: number;
  /** Streams: time until the first real token (content, reasoning, tool call, refusal). 0 = none. */
  firstTokenTimeoutMs: number;
  /** Longest silence between chunks once the body flows. 0 = none. */
  idleTimeoutMs: number;
  /** Whole request, start to end. 0 = none (the default: long answers are never cut). */
  totalTimeoutMs: number;
  /** Extra tries on the same backend before moving on. */
  retries: number;
  /** Base of the jittered exponential backoff between retries. */
  retryBackoffMs: number;
  /** Longest `Retry-After` the gateway waits out on this backend; longer ones move on at once. 0 = never wait. */
  retryAfterMaxMs: number;
  /** Consecutive failures that put the backend in cooldown. 0 = never. */
  cooldownAfter: number;
  /** How long a failing backend is skipped before one probe request. */
  cooldownMs: number;
  /** Static headers sent with every request to this backend. */
  headers: Record<string, string>;
}

/** The APIs a backend may speak: OpenAI chat completions, the OpenAI Responses API, Anthropic Messages. */
export type BackendApi = 'chat' | 'responses' | 'messages';

/** One upstream API. */
export interface Backend {
  /** The name used in aliases, logs and `/health`. */
  name: string;
  /** The SDK-style base URL (the prefix before `/chat/completions`), no trailing slash. */
  baseUrl: string;
  /** Sent upstream as `Authorization: Bearer …`; never logged. */
  apiKey?: string;
  /** Replaces the request's `model`; when unset the client's model passes through. */
  model?: string;
  /** Requested model name → this backend's name for it; wins over `model`. */
  models?: Record<string, string>;
  /** The APIs it speaks natively; a request in any other is translated onto chat completions. Default `["chat"]`. */
  api: BackendApi[];
  /** It takes `reasoning_effort` and sends reasoning text back: translated requests keep their reasoning settings. */
  reasoning: boolean;
  /** Replaces `model` in embeddings requests; when unset the client's model passes through. */
  embeddingModel?: string;
  /** The most output tokens it takes: a translated call asking more is capped. */
  maxOutputTokens?: number;
  policy: BackendPolicy;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Largest request body forwarded; larger bodies get 413. */
  maxBodyBytes: number;
  /** How long in-flight requests may finish after SIGINT/SIGTERM. */
  shutdownGraceMs: number;
  /** Keys a client must present on /v1/*; empty = no client auth (loopback only, unless allowOpenLan). */
  apiKeys: string[];
  /** Serve a non-loopback address with no client keys, on purpose. */
  allowOpenLan: boolean;
  /** A client that takes longer to send its headers or body is cut. */
  clientTimeoutMs: number;
  /** Upstream requests in flight at once; more wait in a queue. */
  maxConcurrent: number;
  /** Longest wait in that queue before 503. */
  queueTimeoutMs: number;
  maxHeaderBytes: number;
  maxHeaderCount: number;
}

export interface StreamingConfig {
  /** Commit `200` and send SSE keep-alive comments after this long without a first token. 0 = never. */
  keepaliveAfterMs: number;
  keepaliveIntervalMs: number;
  /** After a mid-stream failure, replay the request on the next backend and continue verified output. */
  resume: boolean;
}

/**
 * The whole resolved configuration: what `loadConfig` returns and `createApp` takes.
 *
 * @example
 * const config = loadConfig(undefined, { FAST_BASE_URL: 'https://api.fireworks.ai/inference/v1' });
 * config.aliases; // { fast: ['fast'], smart: ['smart'] }
 */
export interface GatewayConfig {
  server: ServerConfig;
  streaming: StreamingConfig;
  backends: Record<string, Backend>;
  /** Requested model name or pattern (`gpt-*`) → backends to try, in order. */
  aliases: Record<string, string[]>;
  /** The alias used for any model name that matches no alias. */
  defaultAlias: string;
}
