import { ConfigError } from './config-error.ts';
import type { FileBackend, FileConfig } from './file-schema.ts';
import { resolvePolicy } from './policy.ts';
import type { Backend, GatewayConfig } from './types.ts';

export type Env = Record<string, string | undefined>;

const MiB = 2 ** 20;
const DEFAULTS = { host: '127.0.0.1', port: 8086, timeout: 120, maxBodyMib: 32, shutdownGrace: 10, alias: 'fast' };
const SERVER_DEFAULTS = { clientTimeout: 30, maxConcurrent: 1024, queueTimeout: 2, maxHeaderBytes: 16 * 1024, maxHeaderCount: 100 };

/**
 * Builds the gateway's configuration from a validated `gateway.toml` (`{}` for none) and the
 * environment. The environment wins over the file. Throws `ConfigError` naming the offending key.
 */
export function buildConfig(file: FileConfig, env: Env, source = 'gateway.toml'): GatewayConfig {
  const server = buildServer(file, env);
  const streaming = {
    keepaliveAfterMs: 1000 * (file.streaming?.keepalive_after ?? 0),
    keepaliveIntervalMs: 1000 * (file.streaming?.keepalive_interval ?? 10),
    resume: file.streaming?.resume ?? false,
  };
  const backends = buildBackends(file, env, source);
  const aliases = buildAliases(file, backends, source);
  // With no fast alias the first alias is the default; the start-up line and /admin/config say which.
  const defaultAlias = file.default_alias ?? (aliases.fast ? DEFAULTS.alias : Object.keys(aliases)[0]!);
  if (!aliases[defaultAlias]) {
    throw new ConfigError(
      `Cannot load config "${source}": default_alias "${defaultAlias}" names no alias; it must be one of: ${Object.keys(aliases).join(', ')}`,
    );
  }
  return { server, streaming, backends, aliases, defaultAlias };
}

function buildServer(file: FileConfig, env: Env): GatewayConfig['server'] {
  const server = {
    host: nonEmpty(env, 'BIND_HOST') ?? file.server?.host ?? DEFAULTS.host,
    port: envPort(env) ?? file.server?.port ?? DEFAULTS.port,
    maxBodyBytes: Math.floor(MiB * (file.server?.max_body_mib ?? DEFAULTS.maxBodyMib)),
    shutdownGraceMs: 1000 * (file.server?.shutdown_grace ?? DEFAULTS.shutdownGrace),
    apiKeys: clientKeys(env, file.server?.api_keys),
    allowOpenLan: envFlag(env, 'GATEWAY_ALLOW_OPEN_LAN') ?? file.server?.allow_open_lan ?? false,
    clientTimeoutMs: 1000 * (file.server?.client_timeout ?? SERVER_DEFAULTS.clientTimeout),
    maxConcurrent: file.server?.max_concurrent ?? SERVER_DEFAULTS.maxConcurrent,
    queueTimeoutMs: 1000 * (file.server?.queue_timeout ?? SERVER_DEFAULTS.queueTimeout),
    maxHeaderBytes: file.server?.max_header_bytes ?? SERVER_DEFAULTS.maxHeaderBytes,
    maxHeaderCount: file.server?.max_header_count ?? SERVER_DEFAULTS.maxHeaderCount,
  };
  if (!isLoopback(server.host) && server.apiKeys.length === 0 && !server.allowOpenLan) {
    throw new ConfigError(
      `Cannot start: BIND_HOST ${server.host} is reachable from other machines, and no client keys are set, so anyone on the network could spend your backend keys. ` +
        'Set GATEWAY_API_KEYS (or [server] api_keys) and give your tools one of those keys, ' +
        'or set GATEWAY_ALLOW_OPEN_LAN=1 (or [server] allow_open_lan = true) if an open gateway on this network is what you want.',
    );
  }
  return server;
}

/** The file's backends, then fast and smart from the file and the environment (FAST_*, SMART_*, REAL_*). */
function buildBackends(file: FileConfig, env: Env, source: string): Record<string, Backend> {
  const timeoutS = envSeconds(env, 'PROXY_TIMEOUT') ?? file.server?.timeout ?? DEFAULTS.timeout;
  const withPolicy = (b: PartialBackend & { name: string }, own: FileBackend | undefined): Backend =>
    withoutUndefined({
      ...b,
      models: own?.models,
      api: [...new Set(own?.api ?? ['chat'])],
      reasoning: own?.reasoning ?? false,
      embeddingModel: own?.embedding_model,
      maxOutputTokens: own?.max_output_tokens,
      policy: resolvePolicy(own ?? {}, file.defaults ?? {}, timeoutS),
    }) as Backend;

  const fileBackends = { ...file.backends };
  const envSmart = envBackend(env, 'SMART');
  const backends: Record<string, Backend> = {};
  for (const [name, b] of Object.entries(fileBackends)) {
    if (name !== 'fast' && name !== 'smart') backends[name] = withPolicy(resolveFileBackend(name, b, env), b);
  }
  const fast = mergeBackend('fast', fileBackends.fast, envBackend(env, 'FAST', 'REAL'), env);
  if (fast) {
    backends.fast = withPolicy(fast, fileBackends.fast);
    // SMART_* fall back to the fast backend, field by field; its key only while the
    // origin is the same, so one provider's key is never sent to another.
    const smart = mergeBackend('smart', fileBackends.smart, envSmart, env, fast);
    if (smart) backends.smart = withPolicy(smart, fileBackends.smart ?? fileBackends.fast);
  } else if (fileBackends.smart || envSmart.baseUrl || envSmart.apiKey || envSmart.model) {
    throw new ConfigError('Cannot load config: the smart backend needs a fast one: set FAST_BASE_URL or add [backends.fast]');
  }
  if (Object.keys(backends).length === 0) {
    throw new ConfigError(
      `Cannot load config: no backend configured: set FAST_BASE_URL (or REAL_BASE_URL), or add a [backends.NAME] entry with base_url to ${source}`,
    );
  }
  return backends;
}

/** fast/smart (and Claude Code's model names) by default, then the file's aliases; each chain checked and deduplicated. */
function buildAliases(file: FileConfig, backends: Record<string, Backend>, source: string): Record<string, string[]> {
  const aliases: Record<string, string[]> = {};
  if (backends.fast) {
    aliases.fast = ['fast', 'smart'];
    aliases.smart = ['smart', 'fast'];
    // Claude Code's models: its small fast model (haiku) for background work, the rest for the main loop.
    aliases['claude-*haiku*'] = ['fast', 'smart'];
    aliases['claude-*'] = ['smart', 'fast'];
  }
  Object.assign(aliases, file.aliases);
  for (const [alias, chain] of Object.entries(aliases)) {
    for (const name of chain) {
      if (!backends[name]) {
        throw new ConfigError(`Cannot load config "${source}": aliases.${alias} names backend "${name}", which is not defined in [backends]`);
      }
    }
    aliases[alias] = distinctBackends(chain.map((n) => backends[n]!));
  }
  // Backends but no aliases: every backend is its own alias.
  if (Object.keys(aliases).length === 0) for (const name of Object.keys(backends)) aliases[name] = [name];
  return aliases;
}

interface PartialBackend {
  baseUrl?: string;
  apiKey?: string;
  model?: string;
}

function envBackend(env: Env, prefix: string, legacy?: string): PartialBackend {
  const pick = (field: string) => {
    const key = `${prefix}_${field}`;
    if (nonEmpty(env, key) !== undefined) return { key, value: env[key]! };
    const legacyKey = legacy && `${legacy}_${field}`;
    if (legacyKey && nonEmpty(env, legacyKey) !== undefined) return { key: legacyKey, value: env[legacyKey]! };
    return undefined;
  };
  const url = pick('BASE_URL');
  return {
    baseUrl: url && normalizeBaseUrl(url.value, url.key),
    apiKey: pick('API_KEY')?.value,
    model: pick('MODEL_NAME')?.value,
  };
}

function resolveFileBackend(name: string, b: FileBackend, env: Env): PartialBackend & { name: string } {
  const fields = withoutUndefined(fileFields(name, b, env));
  if (!fields.baseUrl) throw new ConfigError(`Cannot load config: backends.${name}.base_url is required`);
  return { name, ...fields };
}

function fileFields(name: string, b: FileBackend | undefined, env: Env): PartialBackend {
  if (!b) return {};
  if (b.api_key && b.api_key_env) {
    throw new ConfigError(`Cannot load config: backends.${name} sets both api_key and api_key_env; keep one`);
  }
  let apiKey = b.api_key;
  if (b.api_key_env) {
    apiKey = nonEmpty(env, b.api_key_env);
    if (apiKey === undefined) {
      throw new ConfigError(`Cannot load config: backends.${name}.api_key_env names ${b.api_key_env}, which is not set`);
    }
  }
  return { baseUrl: b.base_url && normalizeBaseUrl(b.base_url, `backends.${name}.base_url`), apiKey, model: b.model };
}

function mergeBackend(
  name: string,
  file: FileBackend | undefined,
  fromEnv: PartialBackend,
  env: Env,
  fallback?: PartialBackend & { baseUrl: string },
): (PartialBackend & { name: string; baseUrl: string }) | undefined {
  const own = { ...withoutUndefined(fileFields(name, file, env)), ...withoutUndefined(fromEnv) };
  if (!fallback) {
    if (!own.baseUrl && file) throw new ConfigError(`Cannot load config: backends.${name}.base_url (or FAST_BASE_URL) is required`);
    return own.baseUrl ? { name, ...own, baseUrl: own.baseUrl } : undefined;
  }
  const baseUrl = own.baseUrl ?? fallback.baseUrl;
  const sameOrigin = new URL(baseUrl).origin === new URL(fallback.baseUrl).origin;
  return withoutUndefined({
    name,
    baseUrl,
    apiKey: own.apiKey ?? (sameOrigin ? fallback.apiKey : undefined),
    model: own.model ?? fallback.model,
  });
}

/** SDK semantics: the base URL is the prefix before `/chat/completions`; no path at all means `/v1`. */
export function normalizeBaseUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(`Cannot load config: ${key} must be an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`Cannot load config: ${key} must be an http(s) URL`);
  if (url.username || url.password) throw new ConfigError(`Cannot load config: ${key} must not carry credentials; use the API key setting`);
  if (url.search || url.hash) throw new ConfigError(`Cannot load config: ${key} must not have a query string or fragment`);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === '' ? '/v1' : path}`;
}

/** Drops a backend that repeats an earlier one (same URL, model and key): failing over to it is pointless. */
function distinctBackends(chain: Backend[]): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const b of chain) {
    const identity = JSON.stringify([b.baseUrl, b.model ?? null, b.apiKey ?? null, b.models ?? null]);
    if (seen.has(identity)) continue;
    seen.add(identity);
    names.push(b.name);
  }
  return names;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(h);
}

function clientKeys(env: Env, fromFile: string[] | undefined): string[] {
  const fromEnv = nonEmpty(env, 'GATEWAY_API_KEYS');
  const entries = fromEnv !== undefined ? fromEnv.split(',').map((k) => k.trim()).filter(Boolean) : (fromFile ?? []);
  return entries.map((entry, i) => {
    if (!entry.startsWith('env:')) return entry;
    const name = entry.slice(4);
    const value = nonEmpty(env, name);
    if (value === undefined) throw new ConfigError(`Cannot load config: server.api_keys[${i}] names ${name}, which is not set`);
    return value;
  });
}

function envFlag(env: Env, key: string): boolean | undefined {
  const v = nonEmpty(env, key)?.toLowerCase();
  if (v === undefined) return undefined;
  if (['1', 'true', 'yes'].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  throw new ConfigError(`Cannot load config: ${key} must be 1 or 0 (got "${v}")`);
}

function nonEmpty(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function envPort(env: Env): number | undefined {
  const v = nonEmpty(env, 'PROXY_PORT');
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new ConfigError(`Cannot load config: PROXY_PORT must be an integer from 0 to 65535 (got "${v}")`);
  return n;
}

function envSeconds(env: Env, key: string): number | undefined {
  const v = nonEmpty(env, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`Cannot load config: ${key} must be a number of seconds, 0 or more (got "${v}")`);
  return n;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
