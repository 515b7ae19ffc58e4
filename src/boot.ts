import { createApp } from './app.ts';
import { ConfigError } from './config/config-error.ts';
import { type Env, isLoopback } from './config/build-config.ts';
import { type ReadText, loadConfigFromSources } from './config/sources.ts';
import type { GatewayConfig } from './config/types.ts';
import { type LogSink, type Logger, createConsoleLogger, parseLogFormat } from './log.ts';
import { LiveGateway } from './reload/live-gateway.ts';
import type { AdminControl, ReloadResult } from './routes/admin.ts';
import type { RuntimeParts } from './runtime-contract.ts';
import { createSharedState } from './shared-state.ts';

export interface Boot {
  /** Serves a request on the configuration in force when it arrives. */
  fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** The configuration the gateway started with: where it listens. */
  config: GatewayConfig;
  log: Logger;
  /** Reads the configuration again (SIGHUP, a changed file, `understudy reload`); a bad one is refused and the running one stays. */
  reload: (trigger: string) => Promise<ReloadResult>;
  /** Call when the shutdown grace is over: open streams end with an in-band error. */
  endStreams: () => void;
}

export interface BootOptions extends RuntimeParts {
  env: Env;
  readText: ReadText;
  /** Where log lines go; `console` by default. */
  logSink?: LogSink;
  /** Reload when `.env` or the TOML file changes (default on). */
  watchConfig?: boolean;
}

/**
 * What every runtime entry does before it binds: load `.env` and the config, build the app.
 * Returns the config error's message instead of throwing, so entries print it and exit 1
 * with no stack trace.
 */
export async function bootGateway({ env, readText, logSink, watchConfig = true, ...parts }: BootOptions): Promise<Boot | { error: string }> {
  try {
    const first = await loadConfigFromSources({ env, readText });
    const merged = first.env;
    const log = createConsoleLogger({ quiet: merged.LOG_LEVEL === 'warn' || merged.LOG_LEVEL === 'quiet', sink: logSink, format: parseLogFormat(merged.LOG_FORMAT) });
    const { host, apiKeys } = first.config.server;
    if (!isLoopback(host) && apiKeys.length === 0) {
      log.warn(`OPEN GATEWAY: listening on ${host} with no client keys (allow_open_lan). Anyone who can reach this port can use your backend keys.`);
    }
    const shutdown = new AbortController();
    const shared = createSharedState(first.config, { alarm: parts.alarm });
    const build = (config: GatewayConfig, control: AdminControl) => createApp({ ...parts, config, log, shared, control, shutdown: shutdown.signal });
    const gateway = await LiveGateway.start({ env, readText, log, shared, build }, first);
    const unwatch = watchConfig ? gateway.watch() : () => {};
    shutdown.signal.addEventListener('abort', unwatch);
    return { fetch: gateway.fetch, config: first.config, log, reload: (trigger) => gateway.reload(trigger), endStreams: () => shutdown.abort() };
  } catch (err) {
    if (err instanceof ConfigError) return { error: err.message };
    throw err;
  }
}
