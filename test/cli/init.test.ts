import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/config/dotenv.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { runCli } from '../../src/cli/index.ts';
import { fakeIo } from './support/fake-io.ts';

/** The config the gateway would build from what init wrote (a .env is the environment under the real one). */
function gatewayConfig(disk: Map<string, string>, env: Record<string, string> = {}) {
  const dotenv = disk.has('.env') ? parseDotenv(disk.get('.env')!) : {};
  return loadConfig(disk.get('gateway.toml'), { ...dotenv, ...env });
}

describe('understudy init (.env)', () => {
  it('writes a .env the gateway loads, with keys copied from the providers\' usual variables', async () => {
    const f = fakeIo({ env: { DEEPSEEK_API_KEY: 'sk-deep', MOONSHOT_API_KEY: 'sk-moon' } });
    expect(await runCli(['init', '--fast', 'deepseek', '--smart', 'moonshot'], f.io)).toBe(0);
    const config = gatewayConfig(f.disk);
    expect(config.backends.fast).toMatchObject({ baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-deep', model: 'deepseek-chat' });
    expect(config.backends.smart).toMatchObject({ baseUrl: 'https://api.moonshot.ai/v1', apiKey: 'sk-moon', model: 'kimi-k2-thinking' });
    expect(f.secrets.has('.env')).toBe(true);
    expect(f.text()).toContain('Wrote .env:');
    expect(f.text()).toContain('copied from DEEPSEEK_API_KEY into .env as FAST_API_KEY');
    expect(f.out.at(-1)).toMatch(/^Next: understudy check/);
  });

  it('writes nothing for a key the environment already holds under the gateway\'s name, and says so', async () => {
    const f = fakeIo({ env: { FAST_API_KEY: 'sk-from-env', DEEPSEEK_API_KEY: 'sk-deep' } });
    expect(await runCli(['init', '--fast', 'deepseek'], f.io)).toBe(0);
    const text = f.disk.get('.env')!;
    expect(text).not.toContain('sk-from-env');
    expect(text).not.toContain('sk-deep');
    expect(text).toContain('# FAST_API_KEY is set in your environment');
    expect(f.text()).toContain('FAST_API_KEY is already in your environment, so .env gets nothing for it');
    expect(gatewayConfig(f.disk, { FAST_API_KEY: 'sk-from-env' }).backends.fast!.apiKey).toBe('sk-from-env');
  });

  it('uses the fast provider for smart when --smart is left out off a terminal, sharing its key', async () => {
    const f = fakeIo({ env: { DEEPSEEK_API_KEY: 'sk-deep' } });
    expect(await runCli(['init', '--fast', 'deepseek'], f.io)).toBe(0);
    const config = gatewayConfig(f.disk);
    expect(config.backends.smart).toMatchObject({ baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-deep', model: 'deepseek-reasoner' });
    expect(f.disk.get('.env')).not.toMatch(/^SMART_API_KEY=/m);
  });

  it('takes models and base URLs from flags', async () => {
    const f = fakeIo();
    const argv = ['init', '--fast', 'ollama', '--fast-model', 'llama3.2:3b', '--smart', 'vllm', '--smart-base-url', 'http://10.0.0.5:8000/v1', '--smart-model', 'Qwen/Qwen3-32B'];
    expect(await runCli(argv, f.io)).toBe(0);
    const config = gatewayConfig(f.disk);
    expect(config.backends.fast).toMatchObject({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2:3b' });
    expect(config.backends.fast!.apiKey).toBeUndefined();
    expect(config.backends.smart).toMatchObject({ baseUrl: 'http://10.0.0.5:8000/v1', model: 'Qwen/Qwen3-32B' });
  });

  it('leaves the key empty with a note when it is nowhere and nothing can be asked', async () => {
    const f = fakeIo();
    expect(await runCli(['init', '--fast', 'groq'], f.io)).toBe(0);
    expect(f.disk.get('.env')).toContain('# your Groq key (GROQ_API_KEY) goes here:\nFAST_API_KEY=\n');
    expect(f.text()).toContain('none yet: put it in .env as FAST_API_KEY');
  });

  it('says in the .env that Anthropic as a native Messages backend needs gateway.toml', async () => {
    const f = fakeIo({ env: { ANTHROPIC_API_KEY: 'sk-ant' } });
    expect(await runCli(['init', '--fast', 'anthropic'], f.io)).toBe(0);
    expect(f.disk.get('.env')).toContain('As a native Messages backend (api = ["messages"])\n# it needs gateway.toml: `understudy init --toml`.');
    expect(gatewayConfig(f.disk).backends.fast).toMatchObject({ baseUrl: 'https://api.anthropic.com/v1', model: 'claude-haiku-4-5' });
  });

  it('reuses the old .env\'s key only for the same provider', async () => {
    const old = 'FAST_BASE_URL=https://api.deepseek.com/v1\nFAST_API_KEY=sk-old-deep\nSMART_BASE_URL=https://api.groq.com/openai/v1\nSMART_API_KEY=sk-old-groq\n';
    const f = fakeIo({ files: { '.env': old } });
    expect(await runCli(['init', '--fast', 'deepseek', '--smart', 'moonshot', '--force'], f.io)).toBe(0);
    const config = gatewayConfig(f.disk);
    expect(config.backends.fast!.apiKey).toBe('sk-old-deep');
    expect(config.backends.smart!.apiKey).toBeUndefined();
    expect(f.disk.get('.env')).not.toContain('sk-old-groq');
  });

  it('refuses to replace an existing file without --force', async () => {
    const f = fakeIo({ files: { '.env': 'FAST_BASE_URL=http://127.0.0.1:1/v1\n' } });
    expect(await runCli(['init', '--fast', 'deepseek'], f.io)).toBe(1);
    expect(f.errors()).toBe('init: .env exists; not replacing it (--force does)');
    expect(f.disk.get('.env')).toBe('FAST_BASE_URL=http://127.0.0.1:1/v1\n');
  });

  it('names the closest provider for a misspelt --fast, and needs --fast off a terminal', async () => {
    const f = fakeIo();
    expect(await runCli(['init', '--fast', 'deepsek'], f.io)).toBe(2);
    expect(f.err[0]).toMatch(/^init: --fast "deepsek" is not a provider I know \(did you mean "deepseek"\?\); one of: openai, anthropic/);
    const g = fakeIo();
    expect(await runCli(['init'], g.io)).toBe(2);
    expect(g.err[0]).toBe('init: not on a terminal, so nothing can be asked: say --fast <provider> (and --smart <provider>)');
    expect(g.disk.size).toBe(0);
  });

  it('warns when a variable in the environment wins over what was written', async () => {
    const f = fakeIo({ env: { FAST_BASE_URL: 'http://127.0.0.1:9/v1' } });
    expect(await runCli(['init', '--fast', 'ollama'], f.io)).toBe(0);
    expect(f.text()).toContain('Note: FAST_BASE_URL is set in your environment and wins over .env; unset it to use what was written.');
  });
});

describe('understudy init --toml', () => {
  it('names keys by variable, never writes them into gateway.toml, and marks Anthropic as a Messages backend', async () => {
    const f = fakeIo({ env: { ANTHROPIC_API_KEY: 'sk-ant-secret', OPENAI_API_KEY: 'sk-oai-secret' } });
    expect(await runCli(['init', '--toml', '--fast', 'anthropic', '--smart', 'openai'], f.io)).toBe(0);
    const toml = f.disk.get('gateway.toml')!;
    expect(toml).not.toContain('secret');
    expect(toml).toContain('[backends.fast]   # Anthropic\nbase_url = "https://api.anthropic.com/v1"\napi_key_env = "ANTHROPIC_API_KEY"\nmodel = "claude-haiku-4-5"\napi = ["messages"]\n');
    expect(toml).toContain('api = ["chat", "responses"]');
    expect(f.disk.has('.env')).toBe(false);
    const config = loadConfig(toml, { ANTHROPIC_API_KEY: 'sk-ant-secret', OPENAI_API_KEY: 'sk-oai-secret' });
    expect(config.backends.fast).toMatchObject({ api: ['messages'], apiKey: 'sk-ant-secret' });
    expect(config.backends.smart).toMatchObject({ api: ['chat', 'responses'], model: 'gpt-5.1', apiKey: 'sk-oai-secret' });
    expect(f.text()).toContain('key: read from ANTHROPIC_API_KEY, which is set');
  });

  it('marks a thinking model as reasoning with a long first-token wait', async () => {
    const f = fakeIo({ env: { DEEPSEEK_API_KEY: 'k' } });
    expect(await runCli(['init', '--toml', '--fast', 'deepseek'], f.io)).toBe(0);
    const config = loadConfig(f.disk.get('gateway.toml'), { DEEPSEEK_API_KEY: 'k' });
    expect(config.backends.fast).toMatchObject({ model: 'deepseek-chat', reasoning: false });
    expect(config.backends.smart).toMatchObject({ model: 'deepseek-reasoner', reasoning: true });
    expect(config.backends.smart!.policy.firstTokenTimeoutMs).toBe(300_000);
  });

  it('writes the keys into gateway.toml only with --write-keys, and then keeps the file private', async () => {
    const f = fakeIo({ env: { MISTRAL_API_KEY: 'sk-mis' } });
    expect(await runCli(['init', '--toml', '--write-keys', '--fast', 'mistral'], f.io)).toBe(0);
    expect(f.disk.get('gateway.toml')).toContain('api_key = "sk-mis"');
    expect(f.disk.get('gateway.toml')).not.toMatch(/^api_key_env/m);
    expect(f.secrets.has('gateway.toml')).toBe(true);
    expect(loadConfig(f.disk.get('gateway.toml'), {}).backends.fast!.apiKey).toBe('sk-mis');
  });

  it('puts a key typed for gateway.toml into .env under the name the file gives, keeping what .env had', async () => {
    const f = fakeIo({ files: { '.env': 'LOG_LEVEL=warn' }, answers: ['sk-typed-fw'] });
    expect(await runCli(['init', '--toml', '--fast', 'fireworks', '--smart', 'ollama'], f.io)).toBe(0);
    expect(f.asked).toEqual([{ question: 'FIREWORKS_API_KEY for Fireworks (hidden; Enter to skip): ', secret: true }]);
    expect(f.disk.get('gateway.toml')).not.toContain('sk-typed-fw');
    expect(f.disk.get('.env')).toBe('LOG_LEVEL=warn\nFIREWORKS_API_KEY=sk-typed-fw\n');
    expect(f.secrets.has('.env')).toBe(true);
    expect(gatewayConfig(f.disk).backends.fast!.apiKey).toBe('sk-typed-fw');
  });

  it('takes --write-keys only with --toml', async () => {
    const f = fakeIo({ env: { MISTRAL_API_KEY: 'sk-mis' } });
    expect(await runCli(['init', '--write-keys', '--fast', 'mistral'], f.io)).toBe(2);
    expect(f.err[0]).toBe('init: --write-keys goes with --toml (a .env holds its keys anyway)');
    expect(f.disk.size).toBe(0);
  });

  it('writes gateway.toml where GATEWAY_CONFIG points', async () => {
    const f = fakeIo({ env: { GATEWAY_CONFIG: 'conf/understudy.toml' } });
    expect(await runCli(['init', '--toml', '--fast', 'lmstudio'], f.io)).toBe(0);
    expect(f.disk.has('conf/understudy.toml')).toBe(true);
    expect(f.out[0]).toBe('Wrote conf/understudy.toml:');
  });
});

describe('understudy init on a terminal', () => {
  it('asks for each provider by number, lets the model be edited, and asks once per provider for a hidden key', async () => {
    const f = fakeIo({ answers: ['3', 'deepseek-chat', '', 'deepseek-reasoner', 'sk-typed'] });
    expect(await runCli(['init'], f.io)).toBe(0);
    expect(f.asked).toEqual([
      { question: 'Fast backend (cheap and quick) [1-14 or a name]: ', initial: undefined, secret: false },
      { question: 'Fast model (Enter keeps it): ', initial: 'deepseek-chat', secret: false },
      { question: 'Smart backend (capable) [1-14 or a name; Enter: deepseek]: ', initial: undefined, secret: false },
      { question: 'Smart model (Enter keeps it): ', initial: 'deepseek-reasoner', secret: false },
      { question: 'DEEPSEEK_API_KEY for DeepSeek (hidden; Enter to skip): ', secret: true },
    ]);
    expect(f.out).toContain('  3  deepseek    DeepSeek');
    expect(gatewayConfig(f.disk).backends.smart).toMatchObject({ model: 'deepseek-reasoner', apiKey: 'sk-typed' });
  });

  it('asks again after an answer that is not on the list, and takes names too', async () => {
    const f = fakeIo({ env: { GROQ_API_KEY: 'g', MOONSHOT_API_KEY: 'm' }, answers: ['99', 'groq', 'my-model', 'kimi', ''] });
    expect(await runCli(['init'], f.io)).toBe(0);
    expect(f.out).toContain('"99" is not on the list.');
    const config = gatewayConfig(f.disk);
    expect(config.backends.fast).toMatchObject({ baseUrl: 'https://api.groq.com/openai/v1', model: 'my-model', apiKey: 'g' });
    // An emptied smart model: in .env, SMART_MODEL_NAME falls back to the fast one, and the file says so.
    expect(config.backends.smart!.model).toBe('my-model');
    expect(f.disk.get('.env')).toContain("# SMART_MODEL_NAME unset, so the fast model (my-model) is sent; gateway.toml (init --toml) can let the request's model through");
    expect(config.backends.smart!.apiKey).toBe('m');
  });

  it('asks nothing that the flags say', async () => {
    const f = fakeIo({ env: { OPENAI_API_KEY: 'k' }, answers: [] });
    expect(await runCli(['init', '--fast', 'openai', '--smart', 'openai'], f.io)).toBe(0);
    expect(f.asked).toEqual([]);
  });
});
