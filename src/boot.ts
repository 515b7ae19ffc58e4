import type { Context, Hono } from 'hono';
import { createApp } from './app.ts';
import { ConfigError } from './config/config-error.ts';
import { type Env, isLoopback } from './config/build-config.ts';
import { type ReadText, loadConfigFromSources } from './config/sources.ts';
import type { GatewayConfig } from './config/types.ts';
import type { EndSource } from './http/request-scope.ts';
import { type LogSink, type Logger, createConsoleLogger } from './log.ts';
import type { FetchLike } from './upstream/attempt.ts';

export interface Boot {
  app: Hono;
  config: GatewayConfig;
  log: Logger;
  /** Call when the shutdown grace is over: open streams end with an in-band error. */
  endStreams: () => void;
}

export interface BootOptions {
  env: Env;
  readText: ReadText;
  fetch: FetchLike;
  clientAddress: (c: Context) => string | undefined;
  clientGone?: (c: Context) => AbortSignal | EndSource;
  requestHeaders?: (c: Context) => Headers;
  headerLines?: (c: Context) => number;
  /** Where log lines go; `console` by default. */
  logSink?: LogSink;
}

/**
 * What every runtime entry does before it binds: load `.env` and the config, build the app.
 * Returns the config error's message instead of throwing, so entries print it and exit 1
 * with no stack trace.
 */
export async function bootGateway({ env, readText, fetch, clientAddress, clientGone, requestHeaders, headerLines, logSink }: BootOptions): Promise<Boot | { error: string }> {
  try {
    const { config, env: merged } = await loadConfigFromSources({ env, readText });
    const log = createConsoleLogger({ quiet: merged.LOG_LEVEL === 'warn' || merged.LOG_LEVEL === 'quiet', sink: logSink });
    const { host, apiKeys } = config.server;
    if (!isLoopback(host) && apiKeys.length === 0) {
      log.warn(`OPEN GATEWAY: listening on ${host} with no client keys (allow_open_lan). Anyone who can reach this port can use your backend keys.`);
    }
    const shutdown = new AbortController();
    const app = createApp({ config, fetch, log, clientAddress, clientGone, requestHeaders, headerLines, shutdown: shutdown.signal });
    return { app, config, log, endStreams: () => shutdown.abort() };
  } catch (err) {
    if (err instanceof ConfigError) return { error: err.message };
    throw err;
  }
}
