import { loadConfigFromSources } from '../config/sources.ts';
import type { GatewayConfig } from '../config/types.ts';
import { describeNetworkError } from '../upstream/network-error.ts';
import type { CliIo, Env } from './io.ts';

/** One backend as `GET /health` shows it to loopback or keyed callers. */
export interface HealthBackend {
  name: string;
  base_url: string;
  model: string | null;
  has_api_key: boolean;
  state: 'healthy' | 'cooling' | 'probing';
  cooling_until: string | null;
  consecutive_failures: number;
  last_failure: { at: string; reason: string } | null;
}

/** `GET /health`'s body; without `backends` the gateway judged the caller remote and keyless. */
export interface HealthBody {
  status: string;
  default_alias?: string;
  aliases?: Record<string, string[]>;
  backends?: HealthBackend[];
}

/** Where a running gateway is, and how to be let in. */
export interface GatewayTarget {
  url: string;
  /** `Authorization: Bearer <client key>` when the gateway has client keys. */
  headers: Record<string, string>;
  /** The local config, when it loads (explain needs it; status and reload only use it for the address). */
  config?: GatewayConfig;
  configError?: string;
}

/**
 * The running gateway's address (`--url`, else the configured host and port, loopback for a
 * wildcard) and its first client key (GATEWAY_API_KEYS, else [server] api_keys), read as the
 * gateway reads its own configuration.
 */
export async function findGateway(io: CliIo, url: string | undefined): Promise<GatewayTarget> {
  let config: GatewayConfig | undefined;
  let env: Env = io.env;
  let configError: string | undefined;
  try {
    ({ config, env } = await loadConfigFromSources({ env: io.env, readText: io.readText }));
  } catch (err) {
    configError = (err as Error).message;
  }
  const key = firstClientKey(env) ?? config?.server.apiKeys[0];
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const base = url ?? addressOf(config, env);
  return { url: base.replace(/\/+$/, ''), headers, ...(config ? { config } : {}), ...(configError ? { configError } : {}) };
}

function addressOf(config: GatewayConfig | undefined, env: Env): string {
  const host = config?.server.host ?? env.BIND_HOST?.trim() ?? '127.0.0.1';
  const port = config?.server.port ?? (Number(env.PROXY_PORT?.trim()) || 8086);
  const local = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}

/** The first of GATEWAY_API_KEYS (an `env:NAME` entry read from that variable). */
function firstClientKey(env: Env): string | undefined {
  const first = env.GATEWAY_API_KEYS?.split(',').map((k) => k.trim()).find(Boolean);
  return first?.startsWith('env:') ? env[first.slice(4)]?.trim() || undefined : first;
}

/** What asking the gateway came to: its JSON answer, or why there was none. */
export type GatewayAnswer = { ok: true; status: number; body: unknown } | { ok: false; reason: string };

/** One request to the running gateway, with a time limit; network failures in words. */
export async function askGateway(io: CliIo, target: GatewayTarget, path: string, init: RequestInit = {}, timeoutMs = 5000): Promise<GatewayAnswer> {
  const url = `${target.url}${path}`;
  let res: Response;
  try {
    res = await io.fetch(url, { ...init, headers: { accept: 'application/json', ...target.headers, ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const why = (err as Error)?.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : describeNetworkError(err);
    return { ok: false, reason: `cannot reach the gateway at ${target.url}: ${why}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = undefined;
  }
  return { ok: true, status: res.status, body };
}

/** The message of an `{ error: { message } }` body, if it is one. */
export function errorMessage(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  const message = typeof error === 'string' ? error : (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
