import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { ConfigError } from './config/config-error.ts';
import type { Env } from './config/load-config.ts';
import { type ReadText, loadConfigFromSources } from './config/sources.ts';
import type { GatewayConfig } from './config/types.ts';
import { type Logger, createConsoleLogger } from './log.ts';
import type { FetchLike } from './upstream/attempt.ts';

export interface Boot {
  app: Hono;
  config: GatewayConfig;
  log: Logger;
}

/**
 * What every runtime entry does before it binds: load `.env` and the config, build the app.
 * Returns the config error's message instead of throwing, so entries print it and exit 1
 * with no stack trace.
 */
export async function bootGateway({ env, readText, fetch }: { env: Env; readText: ReadText; fetch: FetchLike }): Promise<Boot | { error: string }> {
  try {
    const { config, env: merged } = await loadConfigFromSources({ env, readText });
    const log = createConsoleLogger({ quiet: merged.LOG_LEVEL === 'warn' || merged.LOG_LEVEL === 'quiet' });
    return { app: createApp({ config, fetch, log }), config, log };
  } catch (err) {
    if (err instanceof ConfigError) return { error: err.message };
    throw err;
  }
}
