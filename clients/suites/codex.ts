// The real Codex CLI (`codex exec`) against the gateway: a custom Responses provider pointing at
// it, chat-only simulated backends behind it. Only inside run.sh's loopback-only namespace.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../test/http/targets.ts';
import { failing } from '../lib/chat-backend.ts';
import { CODEX_BIN, type CodexOptions, type RunResult, codexEnv, runCli } from '../lib/hermetic.ts';
import { type Stack, startStack } from '../lib/stack.ts';

const FROM_FAST = 'Hello from the a backend, answering as model sim-fast.';
const FROM_SMART = 'Hello from the b backend, answering as model sim-smart.';

/** `codex exec "say hi"` against the gateway; its output and exit code. */
export function codexExec(baseUrl: string, opts: Partial<CodexOptions> = {}): Promise<RunResult> {
  const { env, home } = codexEnv({ baseUrl, retries: 1, ...opts });
  return runCli(CODEX_BIN, ['exec', '--skip-git-repo-check', '--color', 'never', 'say hi'], { env, cwd: home, timeoutMs: 45_000 });
}

const shown = (r: RunResult) => `exit ${r.code} in ${r.ms} ms\n${r.stdout}\n${r.stderr}`;

/** The Codex CLI cases against one gateway entry. */
export function describeCodex(target: Target): void {
  describe(`Codex CLI (${target.name})`, { timeout: 60_000 }, () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack(target);
    });
    afterAll(() => stack?.stop());
    beforeEach(() => stack.reset());

    it('codex exec with a custom provider completes a turn on a chat-only backend', async () => {
      const r = await codexExec(stack.v1);
      expect(r.code, shown(r)).toBe(0);
      expect(r.stdout).toContain(FROM_FAST);
      expect(stack.a.received.map((x) => x.url)).toEqual(['/v1/chat/completions']);
    });

    it('codex exec with WebSockets on falls back to HTTPS at once', async () => {
      const r = await codexExec(stack.v1, { websockets: true });
      expect(r.code, shown(r)).toBe(0);
      expect(r.stdout).toContain(FROM_FAST);
      // A 404 to the upgrade costs ~6.5 s of "Reconnecting…" before the fallback.
      expect(r.stderr).not.toContain('Reconnecting');
      expect(r.ms).toBeLessThan(5_000);
    });

    it('codex exec fails over: the primary answers 503, the fallback answers', async () => {
      stack.a.use(failing(503));
      const r = await codexExec(stack.v1);
      expect(r.code, shown(r)).toBe(0);
      expect(r.stdout).toContain(FROM_SMART);
    });
  });
}
