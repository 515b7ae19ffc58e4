import { describe, expect, it } from 'vitest';
import { probeBackend } from '../../src/cli/probe-backend.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Backend } from '../../src/config/types.ts';
import { ANTHROPIC_BAD_KEY, ANTHROPIC_MODELS, DEEPSEEK_BAD_KEY, DEEPSEEK_MODELS, GEMINI_MODELS, OPENAI_BAD_KEY, OPENAI_MODELS, TOGETHER_MODELS } from './fixtures/provider-answers.ts';
import { json, recordingFetch } from './support/fake-io.ts';

/** One backend named `b`, as gateway.toml would define it. */
function backend(fields: string, env: Record<string, string> = {}): Backend {
  return loadConfig(`[backends.b]\n${fields}\n`, env).backends.b!;
}

const clock = () => {
  let t = 1000;
  return () => (t += 5);
};
const probe = (b: Backend, answer: Parameters<typeof recordingFetch>[0], timeoutMs = 10_000) => {
  const f = recordingFetch(answer);
  return { result: probeBackend(b, { fetch: f.fetch, timeoutMs, now: clock() }), seen: f.seen };
};

describe('probeBackend', () => {
  it('asks GET {base_url}/models with the key and finds the model: ok', async () => {
    const b = backend('base_url = "https://api.deepseek.com/v1"\napi_key = "sk-deep"\nmodel = "deepseek-chat"');
    const { result, seen } = probe(b, () => json(200, DEEPSEEK_MODELS));
    expect(await result).toEqual({
      backend: 'b', verdict: 'ok', level: 'ok', url: 'https://api.deepseek.com/v1/models', status: 200,
      detail: 'key accepted, deepseek-chat listed', models: [{ model: 'deepseek-chat', listedAs: 'deepseek-chat', closest: [] }], ms: 5,
    });
    expect(seen).toEqual([{ url: 'https://api.deepseek.com/v1/models', method: 'GET', headers: { accept: 'application/json', authorization: 'Bearer sk-deep' } }]);
  });

  it('calls a refused key a bad key, with the provider\'s message and never the key', async () => {
    const b = backend('base_url = "https://api.openai.com/v1"\napi_key = "sk-wrong-key-123"\nmodel = "gpt-5.1"');
    const v = await probe(b, () => json(401, OPENAI_BAD_KEY)).result;
    expect([v.verdict, v.level, v.status]).toEqual(['bad-key', 'fail', 401]);
    expect(v.detail).toBe('bad key (401): Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.');
    const d = await probe(backend('base_url = "https://api.deepseek.com/v1"\napi_key = "sk-0123456789abcdef"'), () => json(403, DEEPSEEK_BAD_KEY)).result;
    expect(d.detail).toBe('bad key (403): Authentication Fails, Your api key: ****-key is invalid');
  });

  it('says when a refused backend has no key at all', async () => {
    const v = await probe(backend('base_url = "https://api.groq.com/openai/v1"'), () => json(401, { error: { message: 'Invalid API Key' } })).result;
    expect(v.detail).toBe('bad key (401): no key is configured for it');
  });

  it('fails a model the list does not have, naming the closest', async () => {
    const b = backend('base_url = "https://api.deepseek.com/v1"\napi_key = "k"\nmodel = "deepseek-reasoning"\nembedding_model = "deepseek-chat"');
    const v = await probe(b, () => json(200, DEEPSEEK_MODELS)).result;
    expect([v.verdict, v.level]).toEqual(['model-not-listed', 'fail']);
    expect(v.detail).toBe('key accepted, but "deepseek-reasoning" is not listed (closest: deepseek-reasoner)');
  });

  it('checks every model a backend sends: model, the models map and embedding_model', async () => {
    const b = backend('base_url = "https://api.openai.com/v1"\napi_key = "k"\nmodel = "gpt-5.1"\nmodels = { "gpt-4o" = "gpt-4o" }\nembedding_model = "text-embedding-3-small"');
    const v = await probe(b, () => json(200, OPENAI_MODELS)).result;
    expect(v.detail).toBe('key accepted, gpt-5.1, gpt-4o (as gpt-4o-2024-08-06), text-embedding-3-small listed');
  });

  it('reads Gemini\'s "models/…" ids and Together\'s bare list', async () => {
    const g = await probe(backend('base_url = "https://generativelanguage.googleapis.com/v1beta/openai"\napi_key = "k"\nmodel = "gemini-2.5-flash"'), () => json(200, GEMINI_MODELS)).result;
    expect(g.detail).toBe('key accepted, gemini-2.5-flash (as models/gemini-2.5-flash) listed');
    const t = await probe(backend('base_url = "https://api.together.xyz/v1"\napi_key = "k"\nmodel = "moonshotai/Kimi-K2-Instruct"'), () => json(200, TOGETHER_MODELS)).result;
    expect(t.verdict).toBe('ok');
  });

  it('asks an Anthropic Messages backend with x-api-key and anthropic-version, and takes a dated id for its alias', async () => {
    const b = backend('base_url = "https://api.anthropic.com"\napi_key = "sk-ant"\nmodel = "claude-sonnet-4-5"\napi = ["messages"]');
    const { result, seen } = probe(b, () => json(200, ANTHROPIC_MODELS));
    expect((await result).detail).toBe('key accepted, claude-sonnet-4-5 (as claude-sonnet-4-5-20250929) listed');
    expect(seen).toEqual([{ url: 'https://api.anthropic.com/v1/models?limit=1000', method: 'GET', headers: { accept: 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-ant' } }]);
    const bad = await probe(b, () => json(401, ANTHROPIC_BAD_KEY)).result;
    expect(bad.detail).toBe('bad key (401): invalid x-api-key');
  });

  it('warns (not fails) when there is no model list to verify against', async () => {
    const v = await probe(backend('base_url = "http://127.0.0.1:8080/v1"'), () => new Response('Not Found', { status: 404 })).result;
    expect([v.verdict, v.level, v.detail]).toEqual(['no-model-list', 'warn', 'no model list (answered 404): the key and the model cannot be verified without spending tokens']);
    const html = await probe(backend('base_url = "http://127.0.0.1:8080/v1"'), () => new Response('<html>', { status: 200 })).result;
    expect(html.detail).toBe('no model list (answered 200, but not a model list): the key and the model cannot be verified without spending tokens');
  });

  it('with no key and no forced model, says only that the server answers', async () => {
    const v = await probe(backend('base_url = "http://127.0.0.1:11434/v1"'), () => json(200, { object: 'list', data: [{ id: 'qwen3:8b' }] })).result;
    expect(v.detail).toBe("answered (no key), 1 models listed (none forced: the client's model passes through)");
  });

  it('fails a server error, and says why a backend cannot be reached', async () => {
    expect((await probe(backend('base_url = "https://x.example/v1"'), () => json(503, { error: { message: 'overloaded' } })).result).detail).toBe('the provider answered 503: overloaded');
    const refuse = (code: string) => () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) }));
    for (const [code, why] of [['ECONNREFUSED', 'connection refused'], ['ENOTFOUND', 'DNS lookup failed'], ['CERT_HAS_EXPIRED', 'TLS failed']] as const) {
      const v = await probe(backend('base_url = "https://x.example/v1"'), refuse(code)).result;
      expect([v.verdict, v.level, v.detail]).toEqual(['unreachable', 'fail', `unreachable: ${why}`]);
    }
  });

  it('gives up after the time limit', async () => {
    const hang = (_: unknown, signal: AbortSignal | undefined) => new Promise<Response>((_, fail) => signal!.addEventListener('abort', () => fail(signal!.reason)));
    const v = await probe(backend('base_url = "https://x.example/v1"'), hang, 50).result;
    expect(v.detail).toBe('unreachable: no answer within 0.05 s');
  });

  it('verifies the key separately where the list is public (OpenRouter)', async () => {
    const b = backend('base_url = "https://openrouter.ai/api/v1"\napi_key = "sk-or-bad"\nmodel = "openai/gpt-5.1"');
    const { result, seen } = probe(b, (req) => (req.url.endsWith('/models') ? json(200, { data: [{ id: 'openai/gpt-5.1' }] }) : json(401, { error: { message: 'User not found.', code: 401 } })));
    expect((await result).detail).toBe('bad key (401): User not found.');
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET https://openrouter.ai/api/v1/models', 'GET https://openrouter.ai/api/v1/key']);
  });
});
