import { parse } from 'smol-toml';
import { type Env, buildConfig } from './build-config.ts';
import { validateFile } from './file-schema.ts';
import { hasSettings, readTomlFile } from './toml-file.ts';
import type { GatewayConfig } from './types.ts';

/**
 * Builds the gateway's configuration from `gateway.toml` text (or none) and the environment,
 * synchronously. The environment wins over the file. Throws `ConfigError` naming the
 * offending key. (Start-up goes through `loadConfigFromSources`, which loads the TOML
 * parser and the schema only for a file that has settings.)
 *
 * @example
 * loadConfig(undefined, { FAST_BASE_URL: 'https://api.fireworks.ai/inference/v1', FAST_MODEL_NAME: 'm' })
 */
export function loadConfig(tomlText: string | undefined, env: Env, source = 'gateway.toml'): GatewayConfig {
  const raw = readTomlFile(tomlText, source, parse);
  return buildConfig(hasSettings(raw) ? validateFile(raw, source) : {}, env, source);
}
