import { parseDotenv } from './dotenv.ts';
import { type Env, buildConfig } from './build-config.ts';
import { hasContent, hasSettings, readTomlFile } from './toml-file.ts';
import type { GatewayConfig } from './types.ts';
import { ConfigError } from './config-error.ts';

/** Reads a text file, or resolves `undefined` when it does not exist. Each runtime passes its own. */
export type ReadText = (path: string) => Promise<string | undefined>;

/**
 * The start-up path every runtime entry shares: `.env` under the real environment,
 * then `GATEWAY_CONFIG` (default `./gateway.toml`, which may be absent), then the config.
 * The TOML parser and the schema (zod) load only for a file that has settings: most starts
 * have none, and loading them costs memory and start-up time (docs/performance.md).
 */
export async function loadConfigFromSources({ env, readText }: { env: Env; readText: ReadText }): Promise<{
  config: GatewayConfig;
  env: Env;
}> {
  const dotenv = await readText('.env');
  const merged = dotenv === undefined ? env : underEnv(env, parseDotenv(dotenv));
  const explicit = merged.GATEWAY_CONFIG?.trim();
  const path = configPath(merged);
  // Any runtime: a missing default file is no file; a path that cannot be read (a directory…) a config error.
  const text = await readText(path).catch((err: { code?: string; name?: string }) => {
    throw new ConfigError(`Cannot load config: cannot read "${path}" (${err.code ?? err.name ?? 'error'})`);
  });
  if (text === undefined && explicit) throw new ConfigError(`Cannot load config: GATEWAY_CONFIG names "${path}", which does not exist`);
  const raw = text !== undefined && hasContent(text) ? readTomlFile(text, path, (await import('smol-toml')).parse) : {};
  const file = hasSettings(raw) ? (await import('./file-schema.ts')).validateFile(raw, path) : {};
  return { config: buildConfig(file, merged, path), env: merged };
}

/**
 * `.env`'s variables under the real environment, which wins. The environment is read key by
 * key through the prototype, never copied: enumerating Bun's environment object costs resident
 * memory (docs/performance.md).
 */
function underEnv(env: Env, file: Env): Env {
  const merged: Env = Object.create(env);
  for (const [key, value] of Object.entries(file)) if (env[key] === undefined) merged[key] = value;
  return merged;
}

/** The TOML file the configuration is read from: `GATEWAY_CONFIG`, else `./gateway.toml`. */
export function configPath(env: Env): string {
  return env.GATEWAY_CONFIG?.trim() || 'gateway.toml';
}
