import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { fakeIo, json, recordingFetch } from './support/fake-io.ts';

const TOML = `
[backends.fast]
base_url = "http://127.0.0.1:4001/v1"
model = "deepseek-chat"

[backends.smart]
base_url = "http://127.0.0.1:4002/v1"
model = "kimi-k2-thinking"
`;

/** GET /health as the gateway answers a loopback caller (src/routes/info.ts). */
const HEALTH = {
  status: 'ok',
  default_alias: 'fast',
  aliases: { fast: ['fast', 'smart'], smart: ['smart', 'fast'] },
  backends: [
    { name: 'fast', base_url: 'http://127.0.0.1:4001/v1', model: 'deepseek-chat', has_api_key: false, state: 'cooling', cooling_until: '2025-06-01T12:00:20.000Z', consecutive_failures: 3, last_failure: { at: '2025-06-01T11:59:50.000Z', reason: '503' } },
    { name: 'smart', base_url: 'http://127.0.0.1:4002/v1', model: 'kimi-k2-thinking', has_api_key: false, state: 'healthy', cooling_until: null, consecutive_failures: 0, last_failure: null },
  ],
};

describe('understudy explain', () => {
  it('explains a model name: alias, backends in order, the model each is sent', async () => {
    const f = fakeIo({ files: { 'gateway.toml': TOML } });
    expect(await runCli(['explain', 'gpt-4o'], f.io)).toBe(0);
    expect(f.out).toEqual([
      'Model "gpt-4o" → alias "fast" (the default alias: no alias matches)',
      'API: chat completions (a model name alone: chat completions unless --api says otherwise)',
      'Backends, in order:',
      '  1. fast   passthrough  → http://127.0.0.1:4001/v1/chat/completions  model "deepseek-chat" (forced)',
      '  2. smart  passthrough  → http://127.0.0.1:4002/v1/chat/completions  model "kimi-k2-thinking" (forced)',
    ]);
  });

  it('reads a request file, tells its API by its shape, and shows a translation', async () => {
    const body = { model: 'smart', max_tokens: 1024, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] };
    const f = fakeIo({ files: { 'gateway.toml': TOML, 'req.json': JSON.stringify(body) } });
    expect(await runCli(['explain', '--file', 'req.json'], f.io)).toBe(0);
    expect(f.out.slice(0, 4)).toEqual([
      'Model "smart" → alias "smart" (an alias of that name)',
      'API: Anthropic Messages (it has "messages" and "system")',
      'Backends, in order:',
      '  1. smart  translated from Anthropic Messages onto chat completions  → http://127.0.0.1:4002/v1/chat/completions  model "kimi-k2-thinking" (forced)',
    ]);
  });

  it('adds each backend\'s health from the running gateway with --url', async () => {
    const net = recordingFetch(() => json(200, HEALTH));
    const f = fakeIo({ files: { 'gateway.toml': TOML }, fetch: net.fetch, env: { GATEWAY_API_KEYS: 'client-key-1,client-key-2' } });
    expect(await runCli(['explain', 'fast', '--url', 'http://127.0.0.1:8086/'], f.io)).toBe(0);
    expect(f.out.slice(3)).toEqual([
      '  1. fast   passthrough  → http://127.0.0.1:4001/v1/chat/completions  model "deepseek-chat" (forced)  [cooling until 2025-06-01T12:00:20.000Z (in 20 s), 3 failures in a row, last: 503 10 s ago]',
      '  2. smart  passthrough  → http://127.0.0.1:4002/v1/chat/completions  model "kimi-k2-thinking" (forced)  [healthy]',
    ]);
    expect(net.seen).toEqual([{ url: 'http://127.0.0.1:8086/health', method: 'GET', headers: { accept: 'application/json', authorization: 'Bearer client-key-1' } }]);
  });

  it('still explains, but exits 1, when the gateway cannot be reached', async () => {
    const refused = recordingFetch(() => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })));
    const f = fakeIo({ files: { 'gateway.toml': TOML }, fetch: refused.fetch });
    expect(await runCli(['explain', 'fast', '--url', 'http://127.0.0.1:8086'], f.io)).toBe(1);
    expect(f.out).toHaveLength(5);
    expect(f.errors()).toBe('explain: health: cannot reach the gateway at http://127.0.0.1:8086: connection refused');
  });

  it('prints JSON for scripts', async () => {
    const f = fakeIo({ files: { 'gateway.toml': TOML, 'e.json': '{"model":"text-embedding-3-small","input":["a","b"]}' } });
    expect(await runCli(['explain', '--file', 'e.json', '--json'], f.io)).toBe(0);
    expect(JSON.parse(f.text())).toMatchObject({ requested: 'text-embedding-3-small', alias: 'fast', api: 'embeddings', api_reason: '"input" is a list of texts or tokens', steps: [{ backend: 'fast', url: 'http://127.0.0.1:4001/v1/embeddings', model: 'text-embedding-3-small', modelFrom: 'as requested' }, { backend: 'smart' }] });
  });

  it('says what is wrong with the arguments or the config', async () => {
    const cases: Array<[string[], Record<string, string>, number, string]> = [
      [['explain'], { 'gateway.toml': TOML }, 2, 'explain: give a model name or --file request.json (one of them)'],
      [['explain', 'x', '--api', 'chats'], { 'gateway.toml': TOML }, 2, 'explain: --api must be one of chat, completions, responses, messages, embeddings (got "chats") (did you mean "chat"?)'],
      [['explain', '--file', 'nope.json'], { 'gateway.toml': TOML }, 2, 'explain: nope.json does not exist'],
      [['explain', '--file', 'bad.json'], { 'gateway.toml': TOML, 'bad.json': '[1]' }, 2, 'explain: bad.json must hold one JSON object, a request body'],
      [['explain', 'x'], {}, 1, 'explain: Cannot load config: no backend configured: set FAST_BASE_URL (or REAL_BASE_URL), or add a [backends.NAME] entry with base_url to gateway.toml (`understudy check` lists every problem)'],
    ];
    for (const [argv, files, code, message] of cases) {
      const f = fakeIo({ files });
      expect(await runCli(argv, f.io)).toBe(code);
      expect(f.err[0]).toBe(message);
    }
  });
});
