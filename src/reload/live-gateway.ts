import type { Hono } from 'hono';
import { ConfigError } from '../config/config-error.ts';
import type { Env } from '../config/build-config.ts';
import { type ReadText, configPath, loadConfigFromSources } from '../config/sources.ts';
import type { GatewayConfig } from '../config/types.ts';
import type { Logger } from '../log.ts';
import type { AdminControl, ReloadResult } from '../routes/admin.ts';
import type { SharedState } from '../shared-state.ts';
import { describeChanges } from './config-diff.ts';

interface Loaded {
  config: GatewayConfig;
  env: Env;
  app: Hono;
}

export interface LiveGatewayOptions {
  env: Env;
  readText: ReadText;
  log: Logger;
  shared: SharedState;
  /** Builds the app for a configuration, on the shared state, with this gateway as its admin control. */
  build: (config: GatewayConfig, control: AdminControl) => Hono;
}

/**
 * A gateway whose configuration can change while it serves. A reload reads `.env` and the
 * TOML file again and checks them first: a bad one is refused with the reason and the running
 * one stays. A good one becomes the app new requests go to; requests and streams in flight
 * finish on the app they started on, and backends whose definition did not change keep their
 * health (the shared state). The last good configuration is kept for `rollback`.
 */
export class LiveGateway implements AdminControl {
  #current: Loaded;
  #previous: Loaded | undefined;

  private constructor(
    private readonly opts: LiveGatewayOptions,
    first: { config: GatewayConfig; env: Env },
  ) {
    this.#current = this.#load(first);
  }

  /** The gateway on the configuration as it reads now; throws `ConfigError` for a bad one. */
  static async start(opts: LiveGatewayOptions, first?: { config: GatewayConfig; env: Env }): Promise<LiveGateway> {
    return new LiveGateway(opts, first ?? (await loadConfigFromSources(opts)));
  }

  get config(): GatewayConfig {
    return this.#current.config;
  }

  /** Every request goes to the app of the configuration in force when it arrives. */
  fetch = (request: Request, env?: unknown): Response | Promise<Response> => this.#current.app.fetch(request, env);

  async reload(trigger: string): Promise<ReloadResult> {
    let next: { config: GatewayConfig; env: Env };
    try {
      next = await loadConfigFromSources(this.opts);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.opts.log.warn(`reload (${trigger}) refused, the running configuration stays: ${err.message}`);
      return { ok: false, error: err.message };
    }
    const changed = describeChanges(this.#current.config, next.config);
    if (changed.length === 0) {
      this.opts.log.info(`reload (${trigger}): nothing changed`);
      return { ok: true, changed };
    }
    return this.#switchTo(this.#load(next), changed, `reload (${trigger})`);
  }

  async rollback(): Promise<ReloadResult> {
    const previous = this.#previous;
    if (!previous) return { ok: false, error: 'There is no earlier configuration to return to: nothing has been reloaded yet.' };
    return this.#switchTo(previous, describeChanges(this.#current.config, previous.config), 'rollback');
  }

  /**
   * Reloads when `.env` or the TOML file changes: both are read every `everyMs` (a runtime's
   * file-watching differs; reading two small files does not), and a change is taken once it
   * has held still for a moment. Returns how to stop.
   */
  watch({ everyMs = 2000, settleMs = 300 }: { everyMs?: number; settleMs?: number } = {}): () => void {
    const { clock } = this.opts.shared;
    let stopped = false;
    let seen: string | undefined;
    const snapshot = async () => {
      const path = configPath(this.#current.env);
      return `${await this.opts.readText('.env').catch(() => '?')}\u0000${path}\u0000${await this.opts.readText(path).catch(() => '?')}`;
    };
    const tick = async () => {
      if (stopped) return;
      const now = await snapshot();
      if (seen !== undefined && now !== seen) {
        await clock.sleep(settleMs);
        seen = await snapshot();
        await this.reload('the config file changed');
      } else seen = now;
      if (!stopped) clock.deadline(everyMs, () => void tick());
    };
    void tick();
    return () => void (stopped = true);
  }

  #load({ config, env }: { config: GatewayConfig; env: Env }): Loaded {
    return { config, env, app: this.opts.build(config, this) };
  }

  #switchTo(next: Loaded, changed: string[], what: string): ReloadResult {
    const { server } = this.#current.config;
    if (next.config.server.host !== server.host || next.config.server.port !== server.port) changed.push('(the listen address takes effect at the next start)');
    this.#previous = this.#current;
    this.#current = next;
    const { health, cockpit } = this.opts.shared;
    health.retain(Object.keys(next.config.backends));
    cockpit.metrics.configure({ aliases: Object.keys(next.config.aliases), backends: Object.keys(next.config.backends) });
    this.opts.log.info(`${what}: ${changed.join('; ')}`);
    return { ok: true, changed };
  }
}
