// How the real CLIs (Codex, Claude Code) are run here: only inside the loopback-only network
// namespace that run.sh makes, with a throwaway home, every documented opt-out set and no real key.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLIENTS = resolve(import.meta.dirname, '..');
export const CODEX_BIN = join(CLIENTS, 'node_modules/.bin/codex');
export const CLAUDE_BIN = join(CLIENTS, 'node_modules/.bin/claude');

/** Throws unless this process sees only loopback (getifaddrs is per network namespace). */
export function assertLoopbackOnly(): void {
  const names = Object.keys(networkInterfaces());
  if (names.some((n) => n !== 'lo')) {
    throw new Error(`Refusing to run a real client: interfaces ${names.join(', ')} are visible; run through clients/run.sh`);
  }
}

/** A fresh directory for one client run (its HOME, CODEX_HOME, working directory). */
export function scratchDir(prefix: string): string {
  // Not under /tmp itself: Codex refuses to put its helper links in a temporary directory.
  const base = join(tmpdir(), 'understudy-clients');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}

/** What every client process gets from the outside: a PATH and nothing of the developer's. */
function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: tmpdir(), TERM: 'dumb', NO_COLOR: '1', NO_PROXY: '*', LANG: 'C.UTF-8' };
}

export interface ClaudeOptions {
  baseUrl: string;
  /** 'api-key' sends x-api-key (ANTHROPIC_API_KEY); 'bearer' sends Authorization (ANTHROPIC_AUTH_TOKEN). */
  auth?: 'api-key' | 'bearer';
  extra?: Record<string, string>;
}

/** Environment for `claude -p`: throwaway HOME and config dir, telemetry, updates and extras off. */
export function claudeEnv(opts: ClaudeOptions): { env: Record<string, string>; home: string } {
  const home = scratchDir('claude');
  const key: Record<string, string> = opts.auth === 'bearer' ? { ANTHROPIC_AUTH_TOKEN: 'dummy-token' } : { ANTHROPIC_API_KEY: 'dummy-key' };
  const env: Record<string, string> = {
    ...baseEnv(home),
    CLAUDE_CONFIG_DIR: join(home, '.claude'),
    ANTHROPIC_BASE_URL: opts.baseUrl,
    ...key,
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_UPDATES: '1',
    DISABLE_BUG_COMMAND: '1',
    DISABLE_COST_WARNINGS: '1',
    DISABLE_INSTALLATION_CHECKS: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    // Named in older docs; 2.1.x no longer reads it, kept for older versions.
    DISABLE_NON_ESSENTIAL_MODEL_CALLS: '1',
    CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
    CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
    CLAUDE_CODE_DISABLE_OFFICIAL_MARKETPLACE_AUTOINSTALL: '1',
    CLAUDE_CODE_ENABLE_TELEMETRY: '0',
    ...opts.extra,
  };
  return { env, home };
}

export interface CodexOptions {
  /** The provider's base_url, e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  model?: string;
  /** true: the built-in openai provider with openai_base_url (tries a WebSocket first). */
  builtin?: boolean;
  websockets?: boolean;
  retries?: number;
}

/** A throwaway CODEX_HOME whose config.toml points at `baseUrl` with updates and analytics off. */
export function codexEnv(opts: CodexOptions): { env: Record<string, string>; home: string } {
  const home = scratchDir('codex');
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'config.toml'), codexConfig(opts));
  const env = { ...baseEnv(home), CODEX_HOME: codexHome, UNDERSTUDY_KEY: 'dummy-key', OPENAI_API_KEY: 'dummy-key' };
  return { env, home };
}

function codexConfig(opts: CodexOptions): string {
  const common = [
    `model = "${opts.model ?? 'gpt-5-codex'}"`,
    'approval_policy = "never"',
    'sandbox_mode = "read-only"',
    'check_for_update_on_startup = false',
    'web_search = "disabled"',
    'cli_auth_credentials_store = "file"',
  ];
  const tables = ['', '[analytics]', 'enabled = false', '', '[feedback]', 'enabled = false', '', '[otel]', 'exporter = "none"', ''];
  if (opts.builtin) {
    return [...common, `openai_base_url = "${opts.baseUrl}"`, ...tables].join('\n');
  }
  return [
    ...common,
    'model_provider = "understudy"',
    ...tables,
    '[model_providers.understudy]',
    'name = "understudy"',
    `base_url = "${opts.baseUrl}"`,
    'wire_api = "responses"',
    'env_key = "UNDERSTUDY_KEY"',
    `supports_websockets = ${opts.websockets ?? false}`,
    // Unset: Codex's own defaults (what users get); the suite sets them low to stay quick.
    ...(opts.retries === undefined ? [] : [`request_max_retries = ${opts.retries}`, `stream_max_retries = ${opts.retries}`]),
    'stream_idle_timeout_ms = 20000',
    '',
  ].join('\n');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs a CLI to completion inside the namespace, killing it (and its group) after `timeoutMs`. */
export function runCli(bin: string, args: string[], opts: { env: Record<string, string>; cwd: string; timeoutMs: number }): Promise<RunResult> {
  assertLoopbackOnly();
  const started = Date.now();
  const child = spawn(bin, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }, opts.timeoutMs);
  return new Promise((ok) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      ok({ code, stdout, stderr, ms: Date.now() - started, timedOut });
    }),
  );
}
