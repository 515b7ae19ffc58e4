import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/cli/check-config.ts';
import { loadConfigFromSources } from '../../src/config/sources.ts';

/** checkConfig over files in memory. */
function check(files: Record<string, string>, env: Record<string, string> = {}) {
  const readText = async (path: string) => files[path];
  return { checked: checkConfig({ env, readText }), gateway: () => loadConfigFromSources({ env, readText }) };
}

const lines = (problems: Array<{ level: string; key: string; message: string }>) => problems.map((p) => `${p.level} ${p.key}: ${p.message}`);

const MANY_PROBLEMS = `
default_alias = "fsat"

[server]
port = "8086"
retries = 2

[backends.fast]
base_url = "https://api.deepseek.com/v1"
api_key_env = "DEEPSEEK_API_KEY"
modle = "deepseek-chat"

[backends.smart]
base_url = "https://api.moonshot.ai/v1"
api = ["chat", "anthropic"]

[backends.local]
base_url = "ftp://127.0.0.1:11434"

[aliases]
"gpt-*" = ["fast", "smrt"]
`;

describe('checkConfig', () => {
  it('reports every problem at once, each naming its key, with a did-you-mean for misspelt keys', async () => {
    const { checked, gateway } = check({ 'gateway.toml': MANY_PROBLEMS });
    const { problems, config } = await checked;
    expect(config).toBeUndefined();
    expect(lines(problems)).toEqual([
      'error server.port: Invalid input: expected number, received string',
      'error server.retries: unknown key (it belongs in [defaults] or [backends.NAME])',
      'error backends.fast.modle: unknown key (did you mean "model"?)',
      'error backends.smart.api[1]: Invalid option: expected one of "chat"|"responses"|"messages"',
      'error backends.fast.api_key_env: names DEEPSEEK_API_KEY, which is not set (in the environment or .env)',
      'error backends.local.base_url: must be an http(s) URL',
      'error aliases."gpt-*"[1]: names backend "smrt", which is not defined in [backends] (did you mean "smart"?)',
      'error default_alias: "fsat" is not an alias (did you mean "fast"?)',
    ]);
    // The gateway refuses the same file (with its first problem only).
    await expect(gateway()).rejects.toThrow(/server\.port/);
  });

  it('checks the environment\'s values and flags variables that look meant for the gateway', async () => {
    const dotenv = 'FAST_BASE_URL=api.deepseek.com/v1\nFAST_MODEL=deepseek-chat\nPROXY_PROT=8087\nDEEPSEEK_API_KEY=sk-x\n';
    const { checked, gateway } = check({ '.env': dotenv }, { PROXY_PORT: '80a', GATEWAY_ALLOW_OPEN_LAN: 'maybe', PROXY_TIMEOUT: '-1' });
    const { problems, sources } = await checked;
    expect(sources).toEqual(['.env']);
    expect(lines(problems)).toEqual([
      'error PROXY_PORT: must be an integer from 0 to 65535 (got "80a")',
      'error PROXY_TIMEOUT: must be a number of seconds, 0 or more (got "-1")',
      'error GATEWAY_ALLOW_OPEN_LAN: must be 1 or 0 (got "maybe")',
      'error FAST_BASE_URL: must be an http(s) URL',
      'warning FAST_MODEL: is not a variable understudy reads (did you mean FAST_MODEL_NAME?)',
      'warning PROXY_PROT: is not a variable understudy reads (did you mean PROXY_PORT?)',
    ]);
    await expect(gateway()).rejects.toThrow(/PROXY_PORT/);
  });

  it('names the line of a TOML syntax error', async () => {
    const { problems } = await check({ 'gateway.toml': '[backends.fast]\nbase_url = "https://x.example/v1\n' }).checked;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.key).toBe('gateway.toml');
    expect(problems[0]!.message).toBe('line 2, column 33: control characters are not allowed in strings');
  });

  it('reports a GATEWAY_CONFIG that names no file, and no backend at all', async () => {
    const { problems } = await check({}, { GATEWAY_CONFIG: 'missing.toml' }).checked;
    expect(lines(problems)).toEqual([
      'error GATEWAY_CONFIG: names "missing.toml", which does not exist',
      'error backends: no backend configured: set FAST_BASE_URL (or REAL_BASE_URL), or add a [backends.NAME] table with base_url',
    ]);
  });

  it('refuses an open LAN address without client keys, naming the variable that set it', async () => {
    const { checked, gateway } = check({}, { FAST_BASE_URL: 'http://127.0.0.1:9/v1', BIND_HOST: '0.0.0.0' });
    expect(lines((await checked).problems)).toEqual([
      'error BIND_HOST: 0.0.0.0 is reachable from other machines and no client keys are set: set GATEWAY_API_KEYS (or [server] api_keys), or GATEWAY_ALLOW_OPEN_LAN=1 for an open gateway',
    ]);
    await expect(gateway()).rejects.toThrow(/BIND_HOST 0.0.0.0/);
  });

  it('returns the config the gateway would build, warning about a hosted backend without a key', async () => {
    const toml = '[backends.fast]\nbase_url = "https://api.groq.com/openai/v1"\nmodel = "llama-3.1-8b-instant"\n\n[backends.local]\nbase_url = "http://127.0.0.1:11434/v1"\n';
    const { checked, gateway } = check({ 'gateway.toml': toml });
    const { problems, config, sources } = await checked;
    expect(sources).toEqual(['gateway.toml']);
    expect(lines(problems)).toEqual([
      'warning backends.fast: has no API key; a hosted provider will refuse it',
      'warning backends.smart: has no API key; a hosted provider will refuse it',
    ]);
    expect(config).toEqual((await gateway()).config);
  });

  it('accepts a file with comments only, as the gateway does', async () => {
    const { problems, config } = await check({ 'gateway.toml': '# nothing\n' }, { FAST_BASE_URL: 'http://127.0.0.1:9/v1' }).checked;
    expect(problems).toEqual([]);
    expect(Object.keys(config!.backends)).toEqual(['fast', 'smart']);
  });
});
