import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';

const FAST = { FAST_BASE_URL: 'https://api.fireworks.ai/inference/v1', FAST_API_KEY: 'k-fast', FAST_MODEL_NAME: 'm-fast' };

describe('loadConfig', () => {
  it('defines fast and smart from the environment, with the documented defaults', () => {
    const c = loadConfig(undefined, { ...FAST, SMART_BASE_URL: 'https://api.moonshot.ai/v1', SMART_API_KEY: 'k-smart', SMART_MODEL_NAME: 'm-smart' });
    expect(c.server).toEqual({
      host: '127.0.0.1',
      port: 8086,
      maxBodyBytes: 32 * 2 ** 20,
      shutdownGraceMs: 10_000,
      apiKeys: [],
      allowOpenLan: false,
      clientTimeoutMs: 30_000,
      maxConcurrent: 1024,
      queueTimeoutMs: 2_000,
      maxHeaderBytes: 16 * 1024,
      maxHeaderCount: 100,
    });
    expect(c.streaming).toEqual({ keepaliveAfterMs: 0, keepaliveIntervalMs: 10_000, resume: false });
    expect(c.backends.fast).toMatchObject({ name: 'fast', baseUrl: 'https://api.fireworks.ai/inference/v1', apiKey: 'k-fast', model: 'm-fast' });
    expect(c.backends.smart).toMatchObject({ name: 'smart', baseUrl: 'https://api.moonshot.ai/v1', apiKey: 'k-smart', model: 'm-smart' });
    // The plain setup: every wait is PROXY_TIMEOUT, no retries, fail over at once.
    expect(c.backends.fast!.policy).toEqual({
      connectTimeoutMs: 10_000,
      firstByteTimeoutMs: 120_000,
      firstTokenTimeoutMs: 120_000,
      idleTimeoutMs: 120_000,
      totalTimeoutMs: 0,
      retries: 0,
      retryBackoffMs: 250,
      retryAfterMaxMs: 0,
      cooldownAfter: 3,
      cooldownMs: 30_000,
      headers: {},
    });
    // Claude Code's small fast model goes to fast, its main models to smart.
    expect(c.aliases).toEqual({ fast: ['fast', 'smart'], smart: ['smart', 'fast'], 'claude-*haiku*': ['fast', 'smart'], 'claude-*': ['smart', 'fast'] });
    expect(c.defaultAlias).toBe('fast');
  });

  it('falls back to FAST_ values field by field, the key only on the same origin', () => {
    const sameOrigin = loadConfig(undefined, { ...FAST, SMART_MODEL_NAME: 'm-smart' });
    expect(sameOrigin.backends.smart).toMatchObject({ name: 'smart', baseUrl: FAST.FAST_BASE_URL, apiKey: 'k-fast', model: 'm-smart' });
    const otherOrigin = loadConfig(undefined, { ...FAST, SMART_BASE_URL: 'https://other.example/v1' });
    expect(otherOrigin.backends.smart).toMatchObject({ name: 'smart', baseUrl: 'https://other.example/v1', model: 'm-fast' });
    expect(otherOrigin.backends.smart!.apiKey).toBeUndefined();
  });

  it('has no fallback when smart is the same backend as fast', () => {
    const c = loadConfig(undefined, FAST);
    expect(c.aliases).toEqual({ fast: ['fast'], smart: ['smart'], 'claude-*haiku*': ['fast'], 'claude-*': ['smart'] });
  });

  it('uses the legacy REAL_ names only where FAST_ ones are unset', () => {
    const c = loadConfig(undefined, { REAL_BASE_URL: 'http://a.example', REAL_MODEL_NAME: 'legacy', FAST_MODEL_NAME: 'new' });
    expect(c.backends.fast).toMatchObject({ baseUrl: 'http://a.example/v1', model: 'new' });
  });

  it('normalizes base URLs the way the OpenAI SDK reads them', () => {
    const base = (url: string) => loadConfig(undefined, { FAST_BASE_URL: url }).backends.fast!.baseUrl;
    expect(base('https://api.fireworks.ai/inference/v1/')).toBe('https://api.fireworks.ai/inference/v1');
    expect(base('https://api.openai.com')).toBe('https://api.openai.com/v1');
    expect(base('http://127.0.0.1:9000/')).toBe('http://127.0.0.1:9000/v1');
  });

  it('reads the environment over the file, and seconds as fractions', () => {
    const toml = '[server]\nport = 9000\ntimeout = 30\nhost = "0.0.0.0"\nallow_open_lan = true\n[backends.fast]\nbase_url = "http://file.example/v1"\nmodel = "file-model"\n';
    const c = loadConfig(toml, { PROXY_PORT: '0', PROXY_TIMEOUT: '0.25', FAST_MODEL_NAME: 'env-model' });
    expect(c.server).toMatchObject({ port: 0, host: '0.0.0.0' });
    expect(c.backends.fast!.policy).toMatchObject({ firstByteTimeoutMs: 250, firstTokenTimeoutMs: 250, idleTimeoutMs: 250 });
    expect(c.backends.fast).toMatchObject({ baseUrl: 'http://file.example/v1', model: 'env-model' });
  });

  it('takes named backends, aliases and a default alias from the file', () => {
    const toml = `default_alias = "coder"
[backends.a]
base_url = "http://a.example/v1"
api_key_env = "A_KEY"
[backends.b]
base_url = "http://b.example/v1"
[aliases]
coder = ["a", "b"]
`;
    const c = loadConfig(toml, { A_KEY: 'secret-a' });
    expect(c.backends.a).toMatchObject({ name: 'a', baseUrl: 'http://a.example/v1', apiKey: 'secret-a' });
    expect(c.backends.a!.model).toBeUndefined();
    expect(c.aliases).toEqual({ coder: ['a', 'b'] });
    expect(c.defaultAlias).toBe('coder');
  });

  it('takes a default_alias naming a backend when, with no aliases, every backend is its own', () => {
    const c = loadConfig('default_alias = "b"\n[backends.a]\nbase_url = "http://a.example"\n[backends.b]\nbase_url = "http://b.example"\n', {});
    expect(c.aliases).toEqual({ a: ['a'], b: ['b'] });
    expect(c.defaultAlias).toBe('b');
  });

  it('loads examples/resilient.toml, the documented resilient setup, over the .env backends', () => {
    const text = readFileSync(new URL('../../examples/resilient.toml', import.meta.url), 'utf8');
    const c = loadConfig(text, FAST, 'examples/resilient.toml');
    expect(c.backends.fast!.policy).toMatchObject({
      connectTimeoutMs: 5000,
      firstByteTimeoutMs: 10_000,
      firstTokenTimeoutMs: 10_000,
      idleTimeoutMs: 10_000,
      retries: 1,
      retryAfterMaxMs: 5000,
      cooldownAfter: 3,
      cooldownMs: 30_000,
    });
    expect(c.backends.smart!.policy).toEqual(c.backends.fast!.policy);
    expect(c.streaming.resume).toBe(true);
  });

  const refusals: Array<[string, string | undefined, Record<string, string>, RegExp]> = [
    ['nothing is configured', undefined, {}, /FAST_BASE_URL \(or REAL_BASE_URL\).*\[backends\.NAME\]/],
    ['a base URL is not a URL', undefined, { FAST_BASE_URL: 'not a url' }, /FAST_BASE_URL must be an http\(s\) URL/],
    ['a base URL is not http', undefined, { FAST_BASE_URL: 'ftp://x.example' }, /FAST_BASE_URL must be an http\(s\) URL/],
    ['a base URL carries credentials', undefined, { FAST_BASE_URL: 'https://u:p@x.example' }, /FAST_BASE_URL must not carry credentials/],
    ['PROXY_PORT is out of range', undefined, { ...FAST, PROXY_PORT: '70000' }, /PROXY_PORT must be an integer from 0 to 65535/],
    ['PROXY_TIMEOUT is not a number', undefined, { ...FAST, PROXY_TIMEOUT: 'soon' }, /PROXY_TIMEOUT must be a number of seconds/],
    ['a file key is unknown', '[server]\ntimeout_s = 3\n', FAST, /unknown key server\.timeout_s/],
    ['a file value has the wrong type', '[server]\nport = "80"\n', FAST, /server\.port: /],
    ['a file backend has no base_url', '[backends.x]\nmodel = "m"\n', {}, /backends\.x\.base_url is required/],
    ['an alias names a missing backend', '[aliases]\nc = ["ghost"]\n', FAST, /aliases\.c names backend "ghost"/],
    ['api_key_env names an unset variable', '[backends.x]\nbase_url = "http://x.example"\napi_key_env = "NOPE_KEY"\n', {}, /backends\.x\.api_key_env names NOPE_KEY, which is not set/],
    ['default_alias is not an alias', 'default_alias = "zzz"\n', FAST, /default_alias "zzz" names no alias; it must be one of: fast, smart/],
    ['the file is not TOML', 'a = [\n', FAST, /Cannot load config "gateway\.toml": /],
  ];
  for (const [why, toml, env, message] of refusals) {
    it(`refuses, naming the key, when ${why}`, () => {
      expect(() => loadConfig(toml, env)).toThrow(message);
    });
  }

  it('never puts a key value in an error message', () => {
    try {
      loadConfig('[backends.x]\nbase_url = "nope"\napi_key = "sk-very-secret"\n', { FAST_API_KEY: 'sk-env-secret', FAST_BASE_URL: 'https://sk-env-secret@x' });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toMatch(/sk-very-secret|sk-env-secret/);
    }
  });
});

describe('loadConfig: routing model', () => {
  it('takes per-backend policy over [defaults] over PROXY_TIMEOUT', () => {
    const toml = `[defaults]
first_token_timeout = 30
retries = 2
headers = { "x-team" = "a" }
[backends.fast]
base_url = "http://f.example"
idle_timeout = 5
retries = 1
retry_after_max = 2.5
headers = { "x-extra" = "b" }
models = { "deepseek-chat" = "moonshot-v1-128k" }
`;
    const c = loadConfig(toml, { PROXY_TIMEOUT: '60' });
    expect(c.backends.fast!.policy).toMatchObject({
      firstByteTimeoutMs: 60_000,
      firstTokenTimeoutMs: 30_000,
      idleTimeoutMs: 5_000,
      retries: 1,
      retryAfterMaxMs: 2_500,
      headers: { 'x-team': 'a', 'x-extra': 'b' },
    });
    expect(c.backends.fast!.models).toEqual({ 'deepseek-chat': 'moonshot-v1-128k' });
  });

  it('refuses a bad policy value, naming it', () => {
    expect(() => loadConfig('[defaults]\nretries = -1\n', FAST)).toThrow(/defaults\.retries/);
    expect(() => loadConfig('[backends.fast]\nbase_url = "http://x.example"\nheaders = { "bad header" = "x" }\n', {})).toThrow(/backends\.fast\.headers/);
    expect(() => loadConfig('[streaming]\nresume = "yes"\n', FAST)).toThrow(/streaming\.resume/);
  });
});

describe('loadConfig: exposure', () => {
  it('refuses a non-loopback address without client keys, naming both ways out', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'router.lan']) {
      expect(() => loadConfig(undefined, { ...FAST, BIND_HOST: host })).toThrow(/GATEWAY_API_KEYS.*GATEWAY_ALLOW_OPEN_LAN=1/);
    }
  });

  it('serves a LAN address with client keys, or with the explicit opt-in', () => {
    expect(loadConfig(undefined, { ...FAST, BIND_HOST: '0.0.0.0', GATEWAY_API_KEYS: 'k1, k2' }).server.apiKeys).toEqual(['k1', 'k2']);
    expect(loadConfig(undefined, { ...FAST, BIND_HOST: '0.0.0.0', GATEWAY_ALLOW_OPEN_LAN: '1' }).server.allowOpenLan).toBe(true);
    expect(loadConfig(undefined, { ...FAST, BIND_HOST: '127.0.0.2' }).server.apiKeys).toEqual([]);
  });

  it('reads client keys from the file, entries naming env vars', () => {
    const c = loadConfig('[server]\napi_keys = ["plain-key", "env:LAPTOP_KEY"]\n', { ...FAST, LAPTOP_KEY: 'from-env' });
    expect(c.server.apiKeys).toEqual(['plain-key', 'from-env']);
    expect(() => loadConfig('[server]\napi_keys = ["env:MISSING"]\n', FAST)).toThrow(/server\.api_keys\[0\] names MISSING/);
  });
});
