/** One upstream OpenAI-compatible API. */
export interface Backend {
  /** The name used in aliases, logs and `/health`. */
  name: string;
  /** The SDK-style base URL (the prefix before `/chat/completions`), no trailing slash. */
  baseUrl: string;
  /** Sent upstream as `Authorization: Bearer …`; never logged. */
  apiKey?: string;
  /** Replaces the request's `model`; when unset the client's model passes through. */
  model?: string;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Wait for a response to start, and for each next chunk; 0 = no limit. */
  timeoutMs: number;
  /** Largest request body forwarded; larger bodies get 413. */
  maxBodyBytes: number;
  /** How long in-flight requests may finish after SIGINT/SIGTERM. */
  shutdownGraceMs: number;
}

/**
 * The whole resolved configuration: what `loadConfig` returns and `createApp` takes.
 *
 * @example
 * const config: GatewayConfig = {
 *   server: { host: '127.0.0.1', port: 8086, timeoutMs: 120_000, maxBodyBytes: 32 * 2 ** 20, shutdownGraceMs: 10_000 },
 *   backends: { fast: { name: 'fast', baseUrl: 'https://api.fireworks.ai/inference/v1', model: 'accounts/fireworks/models/deepseek-v4-pro' } },
 *   aliases: { fast: ['fast'] },
 *   defaultAlias: 'fast',
 * };
 */
export interface GatewayConfig {
  server: ServerConfig;
  backends: Record<string, Backend>;
  /** Requested model name → backends to try, in order. */
  aliases: Record<string, string[]>;
  /** The alias used for any model name that is not an alias. */
  defaultAlias: string;
}
