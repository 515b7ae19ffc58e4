// The CLI as a user runs it: bundled as `npm run build` bundles it, started as a child process
// with no terminal, against mock providers on loopback. The presets' real URLs are replaced
// with --fast-base-url/--smart-base-url, so nothing leaves this machine.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEEPSEEK_BAD_KEY, DEEPSEEK_MODELS } from './fixtures/provider-answers.ts';
import { type Got, startTinyServer } from './support/tiny-server.ts';

const ENTRY = join(import.meta.dirname, '../../runtimes/cli.ts');
let dir: string;
let cli: string;
let deepseek: Awaited<ReturnType<typeof startTinyServer>>;
let moonshot: Awaited<ReturnType<typeof startTinyServer>>;

/** A provider that lists its models to one key and refuses any other. */
const provider = (key: string, models: unknown) => (got: Got) =>
  got.headers.authorization === `Bearer ${key}` ? { status: 200, body: models } : { status: 401, body: DEEPSEEK_BAD_KEY };

/** Runs the built CLI in the temp directory with only the given environment (no FAST_* from this process). */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'understudy-cli-'));
  cli = join(dir, 'bundle', 'cli.js');
  // The same bundle `npm run build` makes.
  await build({ entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: cli, logLevel: 'warning' });
  deepseek = await startTinyServer(provider('sk-deep-good', DEEPSEEK_MODELS));
  moonshot = await startTinyServer(provider('sk-moon-good', { object: 'list', data: [{ id: 'kimi-k2-thinking', object: 'model', owned_by: 'moonshot' }] }));
});

afterAll(async () => {
  await Promise.all([deepseek?.close(), moonshot?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('understudy (built, as a child process)', () => {
  it('init → check (one backend with a bad key) → explain', async () => {
    const init = await run(
      ['init', '--fast', 'deepseek', '--smart', 'moonshot', '--fast-base-url', `${deepseek.url}/v1`, '--smart-base-url', `${moonshot.url}/v1`],
      { DEEPSEEK_API_KEY: 'sk-deep-good', MOONSHOT_API_KEY: 'sk-moon-wrong' },
    );
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('Wrote .env:');
    expect(init.stdout).toContain('Next: understudy check');
    const dotenv = await readFile(join(dir, '.env'), 'utf8');
    expect(dotenv).toContain(`FAST_BASE_URL=${deepseek.url}/v1\nFAST_API_KEY=sk-deep-good\nFAST_MODEL_NAME=deepseek-chat`);

    // The keys are in .env now: the environment has none.
    const check = await run(['check']);
    expect(check.code).toBe(1);
    const verdicts = check.stdout.split('\n').filter((l) => /^ {2}(ok|FAIL|warn)/.test(l)).map((l) => l.replace(/\(\d+ ms\)$/, '(N ms)'));
    expect(verdicts).toEqual([
      '  ok       no problems',
      `  ok    fast   ${deepseek.url}/v1/models  key accepted, deepseek-chat listed  (N ms)`,
      `  FAIL  smart  ${moonshot.url}/v1/models  bad key (401): Authentication Fails, Your api key: ****-key is invalid  (N ms)`,
    ]);
    expect(check.stdout).not.toContain('sk-moon-wrong');

    const explain = await run(['explain', 'gpt-4o']);
    expect(explain).toMatchObject({ code: 0, stderr: '' });
    expect(explain.stdout.split('\n')).toEqual([
      'Model "gpt-4o" → alias "fast" (the default alias: no alias matches)',
      'API: chat completions (a model name alone: chat completions unless --api says otherwise)',
      'Backends, in order:',
      `  1. fast   passthrough  → ${deepseek.url}/v1/chat/completions  model "deepseek-chat" (forced)`,
      `  2. smart  passthrough  → ${moonshot.url}/v1/chat/completions  model "kimi-k2-thinking" (forced)`,
      '',
    ]);

    // Zero tokens: nothing but the model lists was ever asked for.
    expect([...deepseek.got, ...moonshot.got].map((g) => `${g.method} ${g.url} ${g.body}`)).toEqual(['GET /v1/models ', 'GET /v1/models ']);
  });

  it('exits 2 with a did-you-mean for an unknown command', async () => {
    const r = await run(['chek']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'understudy: unknown command "chek" (did you mean "check"?). Run `understudy --help` for the list.\n' });
  });
});
