import { type Env, buildConfig, isLoopback, normalizeBaseUrl } from '../config/build-config.ts';
import { ConfigError } from '../config/config-error.ts';
import type { FileBackend, FileConfig } from '../config/file-schema.ts';
import { closestNames, didYouMean } from './did-you-mean.ts';
import { type Problem, error, formatPath, warning } from './problem.ts';

/** The variables the gateway reads (LOG_FORMAT: the JSON log lines). */
const KNOWN_VARS = [
  ...['FAST', 'SMART', 'REAL'].flatMap((p) => ['BASE_URL', 'API_KEY', 'MODEL_NAME'].map((f) => `${p}_${f}`)),
  'PROXY_PORT', 'PROXY_TIMEOUT', 'BIND_HOST', 'GATEWAY_CONFIG', 'GATEWAY_API_KEYS', 'GATEWAY_ALLOW_OPEN_LAN', 'LOG_LEVEL', 'LOG_FORMAT',
];
/** Prefixes that say a variable is meant for the gateway, so a typo in one is worth a word. */
const OUR_PREFIX = /^(FAST|SMART|REAL|PROXY|GATEWAY|BIND)_/;

const set = (env: Env, key: string): string | undefined => env[key]?.trim() || undefined;

/**
 * The environment's own values, each checked as the gateway would (all of them, not the first
 * only), and names that look meant for the gateway but are not ones it reads.
 */
export function variableProblems(env: Env, dotenvKeys: readonly string[], referenced: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const port = set(env, 'PROXY_PORT');
  if (port !== undefined && (!/^\d+$/.test(port) || Number(port) > 65535)) problems.push(error('PROXY_PORT', `must be an integer from 0 to 65535 (got "${port}")`));
  const timeout = set(env, 'PROXY_TIMEOUT');
  if (timeout !== undefined && !(Number(timeout) >= 0)) problems.push(error('PROXY_TIMEOUT', `must be a number of seconds, 0 or more (got "${timeout}")`));
  const lan = set(env, 'GATEWAY_ALLOW_OPEN_LAN')?.toLowerCase();
  if (lan !== undefined && !['1', '0', 'true', 'false', 'yes', 'no'].includes(lan)) problems.push(error('GATEWAY_ALLOW_OPEN_LAN', `must be 1 or 0 (got "${lan}")`));
  for (const key of ['FAST_BASE_URL', 'SMART_BASE_URL', 'REAL_BASE_URL']) problems.push(...urlProblem(set(env, key), key));
  const names = new Set([...dotenvKeys, ...Object.keys(env).filter((k) => OUR_PREFIX.test(k))]);
  for (const name of names) {
    if (KNOWN_VARS.includes(name) || referenced.has(name) || !OUR_PREFIX.test(name)) continue;
    const near = closestNames(name, KNOWN_VARS, { limit: 1 })[0];
    problems.push(warning(name, `is not a variable understudy reads${near ? ` (did you mean ${near}?)` : ''}`));
  }
  return problems;
}

function urlProblem(url: string | undefined, key: string): Problem[] {
  if (url === undefined) return [];
  try {
    normalizeBaseUrl(url, key);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [error(key, err.message.replace(/^Cannot load config: \S+ /, ''))];
    throw err;
  }
}

/** The variables the file refers to by name (`api_key_env`, `env:NAME` client keys): not typos. */
export function referencedVariables(file: FileConfig | undefined): Set<string> {
  const names = new Set<string>();
  for (const b of Object.values(file?.backends ?? {})) if (b.api_key_env) names.add(b.api_key_env);
  for (const k of file?.server?.api_keys ?? []) if (k.startsWith('env:')) names.add(k.slice(4));
  return names;
}

/**
 * What `buildConfig` would refuse, every case at once: backends without a URL or with a key
 * that is not there, aliases naming backends that do not exist, an open LAN address.
 */
export function fileProblems(file: FileConfig, env: Env): Problem[] {
  const problems: Problem[] = [];
  const envFast = set(env, 'FAST_BASE_URL') ?? set(env, 'REAL_BASE_URL');
  const backends = file.backends ?? {};
  for (const [name, b] of Object.entries(backends)) problems.push(...backendProblems(name, b, env, envFast !== undefined));
  const names = new Set(Object.keys(backends));
  const hasFast = backends.fast !== undefined || envFast !== undefined;
  if (hasFast) names.add('fast').add('smart');
  else if (backends.smart || ['SMART_BASE_URL', 'SMART_API_KEY', 'SMART_MODEL_NAME'].some((k) => set(env, k))) {
    problems.push(error('backends.smart', 'the smart backend needs a fast one: set FAST_BASE_URL or add [backends.fast]'));
  }
  if (names.size === 0) problems.push(error('backends', 'no backend configured: set FAST_BASE_URL (or REAL_BASE_URL), or add a [backends.NAME] table with base_url'));
  const aliases = new Set([...(hasFast ? defaultAliases() : []), ...Object.keys(file.aliases ?? {})]);
  for (const [alias, chain] of Object.entries(file.aliases ?? {})) {
    chain.forEach((n, i) => {
      if (!names.has(n)) problems.push(error(formatPath(['aliases', alias]) + `[${i}]`, `names backend "${n}", which is not defined in [backends]${didYouMean(n, names)}`));
    });
  }
  const wanted = file.default_alias;
  if (wanted !== undefined && !aliases.has(wanted)) problems.push(error('default_alias', `"${wanted}" is not an alias${didYouMean(wanted, aliases)}`));
  return [...problems, ...clientKeyProblems(file, env)];
}

/** The aliases the gateway defines itself when there is a fast backend (fast, smart, …), asked of the gateway's own builder. */
function defaultAliases(): string[] {
  return Object.keys(buildConfig({}, { FAST_BASE_URL: 'http://127.0.0.1:9/v1' }).aliases);
}

function backendProblems(name: string, b: FileBackend, env: Env, envFast: boolean): Problem[] {
  const key = (field: string) => formatPath(['backends', name, field]);
  const problems: Problem[] = [];
  if (b.api_key && b.api_key_env) problems.push(error(formatPath(['backends', name]), 'sets both api_key and api_key_env; keep one'));
  else if (b.api_key_env && !set(env, b.api_key_env)) problems.push(error(key('api_key_env'), `names ${b.api_key_env}, which is not set (in the environment or .env)`));
  if (b.base_url !== undefined) problems.push(...urlProblem(b.base_url, key('base_url')));
  else if (name === 'fast' ? !envFast : name !== 'smart') problems.push(error(key('base_url'), `is required${name === 'fast' ? ' (or FAST_BASE_URL)' : ''}`));
  return problems;
}

function clientKeyProblems(file: FileConfig, env: Env): Problem[] {
  const fromEnv = set(env, 'GATEWAY_API_KEYS');
  const entries = fromEnv !== undefined ? fromEnv.split(',').map((k) => k.trim()).filter(Boolean) : (file.server?.api_keys ?? []);
  const where = fromEnv !== undefined ? 'GATEWAY_API_KEYS' : 'server.api_keys';
  const problems = entries.flatMap((entry, i) =>
    entry.startsWith('env:') && !set(env, entry.slice(4)) ? [error(`${where}[${i}]`, `names ${entry.slice(4)}, which is not set`)] : [],
  );
  const host = set(env, 'BIND_HOST') ?? file.server?.host ?? '127.0.0.1';
  const lan = set(env, 'GATEWAY_ALLOW_OPEN_LAN')?.toLowerCase();
  const allowOpen = lan !== undefined ? ['1', 'true', 'yes'].includes(lan) : (file.server?.allow_open_lan ?? false);
  if (!isLoopback(host) && entries.length === 0 && !allowOpen) {
    problems.push(error(set(env, 'BIND_HOST') ? 'BIND_HOST' : 'server.host', `${host} is reachable from other machines and no client keys are set: set GATEWAY_API_KEYS (or [server] api_keys), or GATEWAY_ALLOW_OPEN_LAN=1 for an open gateway`));
  }
  return problems;
}
