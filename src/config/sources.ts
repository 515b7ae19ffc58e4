import { parseDotenv } from './dotenv.ts';
import { type Env, loadConfig } from './load-config.ts';
import type { GatewayConfig } from './types.ts';
import { ConfigError } from './config-error.ts';

/** Reads a text file, or resolves `undefined` when it does not exist. Each runtime passes its own. */
export type ReadText = (path: string) => Promise<string | undefined>;

/**
 * The start-up path every runtime entry shares: `.env` under the real environment,
 * then `GATEWAY_CONFIG` (default `./gateway.toml`, which may be absent), then `loadConfig`.
 */
export async function loadConfigFromSources({ env, readText }: { env: Env; readText: ReadText }): Promise<{
  config: GatewayConfig;
  env: Env;
}> {
  const dotenv = await readText('.env');
  const merged: Env = { ...(dotenv === undefined ? {} : parseDotenv(dotenv)), ...definedOnly(env) };
  const explicit = merged.GATEWAY_CONFIG?.trim();
  const path = explicit || 'gateway.toml';
  const text = await readText(path);
  if (text === undefined && explicit) throw new ConfigError(`Cannot load config: GATEWAY_CONFIG names "${path}", which does not exist`);
  return { config: loadConfig(text, merged, path), env: merged };
}

function definedOnly(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}
