import { parseDotenv } from '../config/dotenv.ts';
import type { Env, ReadText } from './io.ts';

/** The raw settings, read as the gateway reads them: `.env` under the real environment, then the TOML file. */
export interface Settings {
  /** The environment with `.env` beneath it. */
  env: Env;
  /** The names `.env` sets; undefined without a `.env`. */
  dotenvKeys?: string[];
  /** GATEWAY_CONFIG, or gateway.toml. */
  path: string;
  tomlText?: string;
  /** GATEWAY_CONFIG names a file that does not exist. */
  missing: boolean;
}

/** Reads `.env` and the TOML file the way `loadConfigFromSources` does, without judging them. */
export async function readSettings({ env, readText }: { env: Env; readText: ReadText }): Promise<Settings> {
  const dotenvText = await readText('.env');
  const dotenv = dotenvText === undefined ? undefined : parseDotenv(dotenvText);
  const merged = dotenv === undefined ? env : underEnv(env, dotenv);
  const explicit = merged.GATEWAY_CONFIG?.trim();
  const path = explicit || 'gateway.toml';
  const tomlText = await readText(path);
  return { env: merged, path, tomlText, missing: tomlText === undefined && !!explicit, ...(dotenv ? { dotenvKeys: Object.keys(dotenv) } : {}) };
}

/** `.env`'s variables under the real environment, which wins (as the gateway merges them); a plain copy, so its names can be listed. */
function underEnv(env: Env, file: Env): Env {
  const merged: Env = { ...env };
  for (const [key, value] of Object.entries(file)) if (merged[key] === undefined) merged[key] = value;
  return merged;
}
