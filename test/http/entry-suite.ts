// What a runtime entry itself does: bind, read .env and gateway.toml, refuse bad config,
// shut down gracefully. Runs against each real entry spawned as a child process.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockUpstream, sleep, sseEvent, startMockUpstream } from './mock-upstream.ts';
import { COMMANDS, type ChildTarget, ROOT, runToExit } from './targets.ts';

const SECRET = 'sk-entry-secret-value-42';
const PACKAGE_COMMAND = { node: ['npm', 'run', '--silent', 'start:node'], bun: ['bun', 'run', 'start'], deno: ['deno', 'task', 'serve'] };

export function describeEntry(target: ChildTarget): void {
  describe(`runtime entry (${target.name})`, () => {
    let up: MockUpstream;
    beforeAll(async () => {
      up = await startMockUpstream('up');
    });
    afterAll(() => up.close());
    beforeEach(() => up.reset());

    const tempDir = (files: Record<string, string> = {}) => {
      const dir = mkdtempSync(join(tmpdir(), 'understudy-entry-'));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return dir;
    };
    const askModel = async (origin: string, model = 'gpt-4') => {
      const res = await fetch(`${origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [] }) });
      expect(res.status).toBe(200);
      await res.arrayBuffer(); // a request's log line is written when its body has ended
      return up.received.at(-1)!;
    };

    it(`starts with the package command (${PACKAGE_COMMAND[target.name].join(' ')})`, async () => {
      const gw = await target.start({ FAST_BASE_URL: up.url, FAST_MODEL_NAME: 'm1' }, { command: PACKAGE_COMMAND[target.name], cwd: ROOT });
      try {
        expect(JSON.parse((await askModel(gw.origin)).body.toString()).model).toBe('m1');
      } finally {
        await gw.stop();
      }
    });

    it('binds BIND_HOST and nothing else', async () => {
      const gw = await target.start({ FAST_BASE_URL: up.url, BIND_HOST: '127.0.0.2' });
      try {
        expect(gw.origin).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
        const port = new URL(gw.origin).port;
        expect((await fetch(`http://127.0.0.2:${port}/health`)).status).toBe(200);
        await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
      } finally {
        await gw.stop();
      }
    });

    it('binds loopback (127.0.0.1) by default and logs each backend without its key', async () => {
      const gw = await target.start({ FAST_BASE_URL: `${up.url}/inference/v1`, FAST_MODEL_NAME: 'm-fast', FAST_API_KEY: SECRET });
      try {
        expect(gw.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(gw.output()).toContain(`fast → ${up.url}/inference/v1/chat/completions model=m-fast`);
        await askModel(gw.origin);
      } finally {
        await gw.stop();
      }
      expect(gw.output()).not.toContain(SECRET);
    });

    it('logs a line per request (what was asked, every try, who answered, what model it was sent), and its last lines on the way out', async () => {
      const gw = await target.start({ FAST_BASE_URL: up.url, FAST_API_KEY: SECRET });
      await askModel(gw.origin, 'gpt-4');
      await askModel(gw.origin, 'smart');
      expect(await gw.stop('SIGTERM')).toBe(0);
      const lines = gw.output().split('\n');
      const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
      const first = at(/^\S+Z POST \/v1\/chat\/completions model=gpt-4 alias=fast attempts=fast:200 → fast 200 sent=gpt-4 first-byte=\d+ms total=\d+ms$/);
      const second = at(/^\S+Z POST \/v1\/chat\/completions model=smart alias=smart attempts=smart:200 → smart 200 sent=smart first-byte=\d+ms total=\d+ms$/);
      const closing = at(/^\S+Z SIGTERM: closing/);
      expect([first >= 0, second > first, closing > second]).toEqual([true, true, true]);
      expect(gw.output()).not.toContain(SECRET);
    });

    it('loads .env from the working directory, with real environment variables winning', async () => {
      const cwd = tempDir({
        '.env': `# comment\nexport FAST_BASE_URL=${up.url}/v1\nFAST_MODEL_NAME="from-dotenv"\nSMART_MODEL_NAME='smart-from-dotenv' # trailing\n`,
      });
      const gw = await target.start({ FAST_MODEL_NAME: 'from-real-env' }, { cwd });
      try {
        expect(JSON.parse((await askModel(gw.origin, 'fast')).body.toString()).model).toBe('from-real-env');
        expect(JSON.parse((await askModel(gw.origin, 'smart')).body.toString()).model).toBe('smart-from-dotenv');
      } finally {
        await gw.stop();
      }
    });

    it('accepts the legacy REAL_* names', async () => {
      const gw = await target.start({ REAL_BASE_URL: up.url, REAL_MODEL_NAME: 'legacy-model', REAL_API_KEY: SECRET });
      try {
        const got = await askModel(gw.origin);
        expect(JSON.parse(got.body.toString()).model).toBe('legacy-model');
        expect(got.headers.authorization).toBe(`Bearer ${SECRET}`);
      } finally {
        await gw.stop();
      }
    });

    it('reads backends and aliases from the file GATEWAY_CONFIG names', async () => {
      const cwd = tempDir({
        'my.toml': `[backends.a]\nbase_url = "${up.url}/a/v1"\nmodel = "model-a"\napi_key_env = "A_KEY"\n\n[aliases]\ncoder = ["a"]\n`,
      });
      const gw = await target.start({ GATEWAY_CONFIG: 'my.toml', A_KEY: SECRET }, { cwd });
      try {
        const got = await askModel(gw.origin, 'coder');
        expect(got.url).toBe('/a/v1/chat/completions');
        expect(JSON.parse(got.body.toString()).model).toBe('model-a');
        expect(got.headers.authorization).toBe(`Bearer ${SECRET}`);
      } finally {
        await gw.stop();
      }
    });

    it('takes GATEWAY_CONFIG=/dev/null as an empty config, as every runtime does', async () => {
      const gw = await target.start({ FAST_BASE_URL: up.url, FAST_MODEL_NAME: 'm-null', GATEWAY_CONFIG: '/dev/null' });
      try {
        expect(JSON.parse((await askModel(gw.origin)).body.toString()).model).toBe('m-null');
      } finally {
        await gw.stop();
      }
    });

    it('says at start which alias takes the model names no alias matches', async () => {
      const cwd = tempDir({ 'gateway.toml': `[backends.a]\nbase_url = "${up.url}/a/v1"\n[aliases]\ncoder = ["a"]\nchat = ["a"]\n` });
      const gw = await target.start({}, { cwd });
      try {
        expect(gw.output()).toMatch(/listening on http:\/\/\S+\/v1 \| default alias coder \| a → /);
        expect((await (await fetch(`${gw.origin}/admin/config`)).json()).defaultAlias).toBe('coder');
      } finally {
        await gw.stop();
      }
    });

    const refusals: Array<[string, Record<string, string>, Record<string, string>, RegExp]> = [
      ['nothing is configured', {}, {}, /FAST_BASE_URL/],
      ['FAST_BASE_URL is not a URL', { FAST_BASE_URL: 'api.example.com/v1' }, {}, /FAST_BASE_URL must be an http\(s\) URL/],
      ['PROXY_PORT is not a port', { FAST_BASE_URL: 'http://127.0.0.1:9/v1', PROXY_PORT: '80a' }, {}, /PROXY_PORT/],
      ['PROXY_TIMEOUT is negative', { FAST_BASE_URL: 'http://127.0.0.1:9/v1', PROXY_TIMEOUT: '-1' }, {}, /PROXY_TIMEOUT/],
      ['gateway.toml has an unknown key', { FAST_BASE_URL: 'http://127.0.0.1:9/v1' }, { 'gateway.toml': '[server]\nprot = 1\n' }, /server\.prot/],
      ['an alias names a missing backend', { FAST_BASE_URL: 'http://127.0.0.1:9/v1' }, { 'gateway.toml': '[aliases]\ncoder = ["nope"]\n' }, /aliases\.coder.*"nope"/],
      ['gateway.toml is not TOML', {}, { 'gateway.toml': 'server = [\n' }, /gateway\.toml/],
      ['GATEWAY_CONFIG names a directory', { FAST_BASE_URL: 'http://127.0.0.1:9/v1', GATEWAY_CONFIG: '/tmp' }, {}, /cannot read "\/tmp"/],
      ['default_alias names no alias', { FAST_BASE_URL: 'http://127.0.0.1:9/v1' }, { 'gateway.toml': 'default_alias = "nope"\n' }, /default_alias "nope"/],
    ];
    for (const [why, env, files, message] of refusals) {
      it(`refuses to start, naming the key, when ${why}`, async () => {
        const { code, output } = await runToExit(COMMANDS[target.name], { FAST_API_KEY: SECRET, ...env }, tempDir(files));
        expect(code).not.toBe(0);
        expect(output).toMatch(message);
        expect(output).not.toContain(SECRET);
        expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
      });
    }

    it('keeps a stream open through an 11 s silence (past Bun\'s 10 s idle timeout)', async () => {
      up.use(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(sseEvent('thinking'));
        await sleep(11_000);
        res.end(sseEvent('done', 'stop') + 'data: [DONE]\n\n');
      });
      const gw = await target.start({ FAST_BASE_URL: up.url, PROXY_TIMEOUT: '20' });
      try {
        const res = await fetch(`${gw.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stream":true}' });
        expect(await res.text()).toBe(sseEvent('thinking') + sseEvent('done', 'stop') + 'data: [DONE]\n\n');
      } finally {
        await gw.stop();
      }
    });

    it('on SIGTERM stops accepting but lets an in-flight stream finish, then exits 0', async () => {
      up.use(async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (let i = 0; i < 6; i++) {
          res.write(sseEvent(`t${i}`));
          await sleep(150);
        }
        res.end('data: [DONE]\n\n');
      });
      const gw = await target.start({ FAST_BASE_URL: up.url });
      const res = await fetch(`${gw.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stream":true}' });
      const reader = res.body!.getReader();
      let text = new TextDecoder().decode((await reader.read()).value);
      const exit = gw.stop('SIGTERM');
      await sleep(100);
      await expect(fetch(`${gw.origin}/health`, { headers: { connection: 'close' } })).rejects.toThrow();
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
      expect(text).toContain('t5');
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(await exit).toBe(0);
    });
  });
}
