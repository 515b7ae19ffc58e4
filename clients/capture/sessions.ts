// The capture sessions: each runs one real client against the recorder.
import { CLAUDE_BIN, CODEX_BIN, claudeEnv, codexEnv, runCli } from '../lib/hermetic.ts';
import type { Outcome, Session } from './session.ts';
import { SDK_SESSIONS } from './sdk-sessions.ts';
import { version } from './version.ts';

interface CodexRun {
  builtin?: boolean;
  websockets?: boolean;
  prompt?: string;
  retries?: number;
}

async function codex(url: string, opts: CodexRun = {}): Promise<Outcome> {
  const { env, home } = codexEnv({ baseUrl: `${url}/v1`, ...opts });
  const args = ['exec', '--skip-git-repo-check', '--color', 'never', opts.prompt ?? 'say hi'];
  const r = await runCli(CODEX_BIN, args, { env, cwd: home, timeoutMs: 150_000 });
  const setup = opts.builtin ? 'built-in openai provider, openai_base_url' : `custom provider, supports_websockets = ${opts.websockets ?? false}`;
  return { client: '@openai/codex', version: version('@openai/codex'), command: `codex ${args.join(' ')}  (${setup}; retries ${opts.retries ?? 'default'})`, exit: r.code, output: `${r.stdout}\n--- stderr ---\n${r.stderr}`, notes: [`took ${r.ms} ms`] };
}

interface ClaudeRun {
  prompt?: string;
  auth?: 'api-key' | 'bearer';
  args?: string[];
  extra?: Record<string, string>;
}

async function claude(url: string, opts: ClaudeRun = {}): Promise<Outcome> {
  const { env, home } = claudeEnv({ baseUrl: url, auth: opts.auth, extra: opts.extra });
  const args = ['-p', opts.prompt ?? 'say hi', ...(opts.args ?? [])];
  const r = await runCli(CLAUDE_BIN, args, { env, cwd: home, timeoutMs: 150_000 });
  const extra = opts.extra ? ` env ${JSON.stringify(opts.extra)}` : '';
  return { client: '@anthropic-ai/claude-code', version: version('@anthropic-ai/claude-code'), command: `claude ${args.join(' ')}  (auth ${opts.auth ?? 'api-key'}${extra})`, exit: r.code, output: `${r.stdout}\n--- stderr ---\n${r.stderr}`, notes: [`took ${r.ms} ms`] };
}

const codexShell = (tools: Array<Record<string, unknown>>) => (tools.some((t) => t.name === 'exec_command') ? { name: 'exec_command', args: { cmd: 'echo hi' } } : undefined);
const claudeBash = (tools: Array<Record<string, unknown>>) => (tools.some((t) => t.name === 'Bash') ? { name: 'Bash', args: { command: 'echo hi', description: 'Print hi' } } : undefined);

/** Every capture session, in the order they run. */
export const SESSIONS: Session[] = [
  { name: 'codex-exec-text', script: {}, run: (url) => codex(url) },
  { name: 'codex-exec-tool', script: { tool: codexShell }, run: (url) => codex(url, { prompt: 'run echo hi' }) },
  { name: 'codex-exec-websocket-426', script: { wsStatus: 426 }, run: (url) => codex(url, { websockets: true }) },
  { name: 'codex-exec-websocket-404', script: { wsStatus: 404 }, run: (url) => codex(url, { websockets: true }) },
  { name: 'codex-exec-builtin-openai-base-url', script: { wsStatus: 426 }, run: (url) => codex(url, { builtin: true }) },
  { name: 'codex-exec-error-404', script: { status: 404 }, run: (url) => codex(url) },
  { name: 'codex-exec-error-503', script: { status: 503 }, run: (url) => codex(url, { retries: 2 }) },
  { name: 'codex-exec-stream-cut', script: { cut: true }, run: (url) => codex(url, { retries: 2 }) },
  { name: 'codex-exec-stream-ends-early', script: { endEarly: true }, run: (url) => codex(url, { retries: 1 }) },
  { name: 'codex-exec-stream-inband-error', script: { inbandError: true }, run: (url) => codex(url, { retries: 1 }) },
  { name: 'codex-exec-stream-response-failed', script: { inbandError: 'failed' }, run: (url) => codex(url, { retries: 1 }) },
  { name: 'claude-code-print-text', script: {}, run: (url) => claude(url) },
  { name: 'claude-code-print-bearer', script: {}, run: (url) => claude(url, { auth: 'bearer' }) },
  { name: 'claude-code-print-tool', script: { tool: claudeBash }, run: (url) => claude(url, { prompt: 'run echo hi', args: ['--allowedTools', 'Bash(echo hi)'] }) },
  { name: 'claude-code-print-all-traffic', script: {}, run: (url) => claude(url, { extra: { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '' } }) },
  { name: 'claude-code-error-529', script: { status: 529 }, run: (url) => claude(url, { extra: { CLAUDE_CODE_MAX_RETRIES: '2' } }) },
  { name: 'claude-code-error-404', script: { status: 404 }, run: (url) => claude(url, { extra: { CLAUDE_CODE_MAX_RETRIES: '2' } }) },
  { name: 'claude-code-stream-cut', script: { cut: true }, run: (url) => claude(url, { extra: { CLAUDE_CODE_MAX_RETRIES: '2' } }) },
  { name: 'claude-code-stream-ends-early', script: { endEarly: true }, run: (url) => claude(url, { extra: { CLAUDE_CODE_MAX_RETRIES: '1' } }) },
  { name: 'claude-code-stream-inband-error', script: { inbandError: true }, run: (url) => claude(url, { extra: { CLAUDE_CODE_MAX_RETRIES: '1' } }) },
  ...SDK_SESSIONS,
];
