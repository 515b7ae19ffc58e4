import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { DEEPSEEK_BAD_KEY, DEEPSEEK_MODELS } from './fixtures/provider-answers.ts';
import { fakeIo, json, recordingFetch } from './support/fake-io.ts';

const TOML = `
[backends.fast]
base_url = "https://api.deepseek.com/v1"
api_key_env = "DEEPSEEK_API_KEY"
model = "deepseek-chat"

[backends.smart]
base_url = "https://api.moonshot.ai/v1"
api_key_env = "MOONSHOT_API_KEY"
model = "kimi-k2-thinking"
`;
const ENV = { DEEPSEEK_API_KEY: 'sk-deep-good', MOONSHOT_API_KEY: 'sk-moon-bad' };

/** DeepSeek takes its key; Moonshot refuses everything. */
const providers = () =>
  recordingFetch((req) => {
    if (req.url.startsWith('https://api.deepseek.com/')) return req.headers.authorization === 'Bearer sk-deep-good' ? json(200, DEEPSEEK_MODELS) : json(401, DEEPSEEK_BAD_KEY);
    return json(401, { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } });
  });

describe('understudy check', () => {
  it('gives a verdict per backend and exits 1 when one fails, having sent nothing but GET …/models', async () => {
    const net = providers();
    const f = fakeIo({ env: ENV, files: { 'gateway.toml': TOML }, fetch: net.fetch });
    expect(await runCli(['check'], f.io)).toBe(1);
    expect(f.out.map((l) => l.replace(/\(\d+ ms\)/, '(N ms)'))).toEqual([
      'Config (gateway.toml):',
      '  ok       no problems',
      'Backends (GET …/models with each key; no tokens spent):',
      '  ok    fast   https://api.deepseek.com/v1/models  key accepted, deepseek-chat listed  (N ms)',
      '  FAIL  smart  https://api.moonshot.ai/v1/models  bad key (401): Invalid Authentication  (N ms)',
      '1 of 2 backends failed.',
    ]);
    expect(net.seen.map((r) => [r.method, r.url, r.body])).toEqual([
      ['GET', 'https://api.deepseek.com/v1/models', undefined],
      ['GET', 'https://api.moonshot.ai/v1/models', undefined],
    ]);
    expect(f.text()).not.toContain('sk-moon-bad');
  });

  it('exits 0 when every backend answers', async () => {
    const f = fakeIo({ env: { ...ENV, MOONSHOT_API_KEY: 'sk-deep-good' }, files: { 'gateway.toml': TOML.replace('https://api.moonshot.ai/v1', 'https://api.deepseek.com/v1').replace('kimi-k2-thinking', 'deepseek-reasoner') }, fetch: providers().fetch });
    expect(await runCli(['check'], f.io)).toBe(0);
    expect(f.out.at(-1)).toBe('All 2 backends answered.');
  });

  it('asks once for backends that would send the same list request, judging each one\'s model', async () => {
    const net = providers();
    const env = { FAST_BASE_URL: 'https://api.deepseek.com/v1', FAST_API_KEY: 'sk-deep-good', FAST_MODEL_NAME: 'deepseek-chat', SMART_MODEL_NAME: 'deepseek-reasoner' };
    const f = fakeIo({ env, fetch: net.fetch });
    expect(await runCli(['check'], f.io)).toBe(0);
    expect(net.seen).toHaveLength(1);
    expect(f.text()).toContain('smart  https://api.deepseek.com/v1/models  key accepted, deepseek-reasoner listed');
  });

  it('reports every config problem and contacts no backend when the gateway would refuse the config', async () => {
    const net = providers();
    const f = fakeIo({ env: {}, files: { 'gateway.toml': TOML.replace('model = "deepseek-chat"', 'modle = "deepseek-chat"') }, fetch: net.fetch });
    expect(await runCli(['check'], f.io)).toBe(1);
    expect(f.out).toEqual([
      'Config (gateway.toml):',
      '  error    backends.fast.modle: unknown key (did you mean "model"?)',
      '  error    backends.fast.api_key_env: names DEEPSEEK_API_KEY, which is not set (in the environment or .env)',
      '  error    backends.smart.api_key_env: names MOONSHOT_API_KEY, which is not set (in the environment or .env)',
      'Backends not checked: the gateway would refuse this config. Fix the errors above and run `understudy check` again.',
    ]);
    expect(net.seen).toEqual([]);
  });

  it('prints JSON for scripts', async () => {
    const f = fakeIo({ env: ENV, files: { 'gateway.toml': TOML }, fetch: providers().fetch });
    expect(await runCli(['check', '--json'], f.io)).toBe(1);
    const report = JSON.parse(f.text());
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([]);
    expect(report.backends.map((b: { backend: string; verdict: string; status: number }) => [b.backend, b.verdict, b.status])).toEqual([
      ['fast', 'ok', 200],
      ['smart', 'bad-key', 401],
    ]);
  });

  it('validates only, with --config-only', async () => {
    const net = providers();
    const f = fakeIo({ env: ENV, files: { 'gateway.toml': TOML }, fetch: net.fetch });
    expect(await runCli(['check', '--config-only'], f.io)).toBe(0);
    expect(net.seen).toEqual([]);
  });

  it('refuses a time limit that is not a positive number', async () => {
    const f = fakeIo({ env: ENV, files: { 'gateway.toml': TOML } });
    expect(await runCli(['check', '--timeout', 'soon'], f.io)).toBe(2);
    expect(f.err[0]).toBe('check: --timeout must be a number of seconds above 0 (got "soon")');
  });
});
