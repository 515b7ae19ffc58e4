// The real Claude Code (`claude -p`) against the gateway: ANTHROPIC_BASE_URL pointing at it,
// chat-only simulated backends behind it. Only inside run.sh's loopback-only namespace.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../test/http/targets.ts';
import { failFirstThenSimulate } from '../lib/chat-backend.ts';
import { CLAUDE_BIN, type RunResult, claudeEnv, runCli } from '../lib/hermetic.ts';
import { type Stack, startStack } from '../lib/stack.ts';

// Which alias Claude Code's model names map to is the gateway's choice; either backend will do.
const FROM_EITHER = /Hello from the [ab] backend, answering as model sim-(fast|smart)\./;

/** `claude -p "say hi"` against the gateway; its output and exit code. */
export function claudePrint(origin: string, auth: 'api-key' | 'bearer' = 'api-key'): Promise<RunResult> {
  const { env, home } = claudeEnv({ baseUrl: origin, auth, extra: { CLAUDE_CODE_MAX_RETRIES: '1', API_TIMEOUT_MS: '30000' } });
  return runCli(CLAUDE_BIN, ['-p', 'say hi'], { env, cwd: home, timeoutMs: 45_000 });
}

const shown = (r: RunResult) => `exit ${r.code} in ${r.ms} ms\n${r.stdout}\n${r.stderr}`;

/** The Claude Code cases against one gateway entry. */
export function describeClaudeCode(target: Target): void {
  describe(`Claude Code (${target.name})`, { timeout: 60_000 }, () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack(target);
    });
    afterAll(() => stack?.stop());
    beforeEach(() => stack.reset());

    it('claude -p with ANTHROPIC_API_KEY completes a turn on a chat-only backend', async () => {
      const r = await claudePrint(stack.gw.origin);
      expect(r.code, shown(r)).toBe(0);
      expect(r.stdout).toMatch(FROM_EITHER);
      const urls = [...stack.a.received, ...stack.b.received].map((x) => x.url);
      expect(urls).toEqual(['/v1/chat/completions']);
    });

    it('claude -p with ANTHROPIC_AUTH_TOKEN (Authorization: Bearer) completes a turn', async () => {
      const r = await claudePrint(stack.gw.origin, 'bearer');
      expect(r.code, shown(r)).toBe(0);
      expect(r.stdout).toMatch(FROM_EITHER);
    });

    it('claude -p fails over: the first backend tried answers 529, the other answers', async () => {
      const gate = { failed: false };
      stack.a.use(failFirstThenSimulate(gate, 'a', 529));
      stack.b.use(failFirstThenSimulate(gate, 'b', 529));
      const r = await claudePrint(stack.gw.origin);
      expect(r.code, shown(r)).toBe(0);
      expect(r.stdout).toMatch(FROM_EITHER);
      const answered = [...stack.a.received, ...stack.b.received];
      expect(answered).toHaveLength(2);
    });
  });
}
