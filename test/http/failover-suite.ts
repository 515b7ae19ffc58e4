// The failure policy, black-box: mock upstreams that misbehave in one exact way each, with
// durations scaled down through configuration so the suite stays fast.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBlackhole } from './blackhole.ts';
import { freePort } from './gateway-suite.ts';
import { type MockUpstream, sleep, sseEvent, startMockUpstream, trickleEvents } from './mock-upstream.ts';
import { type Gateway, ROOT, type Target } from './targets.ts';

const WAIT_S = 0.6; // every first-byte, first-token and idle deadline here

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
const sseHead = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream' });
const role = 'data: {"id":"r","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant"},"finish_reason":null}]}\n\n';
const DONE = 'data: [DONE]\n\n';
const on = (path: string, req: IncomingMessage) => req.url!.startsWith(path);

export function describeFailover(target: Target): void {
  describe(`failure policy (${target.name})`, () => {
    let a: MockUpstream;
    let b: MockUpstream;
    let gw: Gateway;
    let live: Gateway; // keep-alive comments and verified resume on

    beforeAll(async () => {
      [a, b] = await Promise.all([startMockUpstream('a'), startMockUpstream('b')]);
      const closedPort = await freePort(); // nothing listens there: connections are refused
      const backends = `
[backends.a]
base_url = "${a.url}/a/v1"
model = "model-a"
headers = { "x-team" = "t1" }
[backends.b]
base_url = "${b.url}/b/v1"
model = "model-b"
[backends.retry]
base_url = "${a.url}/retry/v1"
retries = 2
retry_backoff = 0.05
[backends.wait]
base_url = "${a.url}/wait/v1"
retry_after_max = 1
[backends.cool]
base_url = "${a.url}/cool/v1"
cooldown_after = 2
cooldown = 1
[backends.total]
base_url = "${a.url}/total/v1"
total_timeout = 0.5
[backends.pass]
base_url = "${b.url}/pass/v1"
models = { "deepseek-chat" = "moonshot-v1-128k" }
[backends.silent]
base_url = "${a.url}/silent/v1"
model = "model-silent"
retries = 1
retry_backoff = 0.05
[backends.cold]
base_url = "${a.url}/cold/v1"
model = "model-cold"
cooldown_after = 2
cooldown = 1
[backends.flaky]
base_url = "${a.url}/flaky/v1"
model = "model-flaky"
retries = 3
retry_backoff = 0.02
cooldown_after = 2
cooldown = 1
[backends.multi]
base_url = "${b.url}/multi/v1"
cooldown_after = 2
cooldown = 1
[backends.dead]
base_url = "http://127.0.0.1:${closedPort}/v1"
cooldown_after = 2
cooldown = 1

[aliases]
plain = ["a", "b"]
solo = ["a"]
total = ["total"]
retry = ["retry", "b"]
wait = ["wait", "b"]
cool = ["cool", "b"]
"deepseek-*" = ["pass"]
silent = ["silent", "b"]
cold = ["cold", "b"]
warm = ["b", "cold"]
flaky = ["flaky", "b"]
"multi-*" = ["multi", "a"]
"dead-*" = ["dead", "a"]
"gpt-*" = ["a"]
"gpt-4o-*" = ["b"]
`;
      const defaults = `default_alias = "plain"\n[defaults]\nfirst_byte_timeout = ${WAIT_S}\nfirst_token_timeout = ${WAIT_S}\nidle_timeout = ${WAIT_S}\ncooldown_after = 0\n`;
      [gw, live] = await Promise.all([
        target.start({}, { toml: defaults + backends }),
        target.start({}, { toml: `${defaults}[streaming]\nresume = true\nkeepalive_after = 0.2\nkeepalive_interval = 0.1\n${backends}` }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([gw?.stop(), live?.stop()]);
      await Promise.all([a?.close(), b?.close()]);
    });
    beforeEach(() => {
      a.reset();
      b.reset();
    });

    const ask = (model: string, extra: Record<string, unknown> = {}, via = gw) =>
      fetch(`${via.origin}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra }),
      });
    const count = (up: MockUpstream, path: string) => up.received.filter((r) => r.url.startsWith(path)).length;

    describe('before the first byte', () => {
      it('moves on at once on 429 without Retry-After, and says so in the headers', async () => {
        a.use((_req, res) => json(res, 429, { error: { message: 'slow down' } }));
        const res = await ask('plain');
        expect(res.status).toBe(200);
        expect(res.headers.get('x-understudy-attempts')).toBe('a:429,b:200');
        expect(res.headers.get('x-understudy-route')).toBe('a>b');
        expect(res.headers.get('x-understudy-backend')).toBe('b');
      });

      it('waits out a Retry-After that fits the backend limit, then retries the same backend', async () => {
        a.use((req, res) => (count(a, '/wait') === 1 ? json(res, 503, {}, { 'retry-after-ms': '300' }) : json(res, 200, { ok: req.url })));
        const started = Date.now();
        const res = await ask('wait');
        expect(res.status).toBe(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
        expect(res.headers.get('x-understudy-attempts')).toBe('wait:503,wait:200');
        expect(count(b, '/')).toBe(0);
      });

      it('retries the same backend at once on Retry-After: 0', async () => {
        a.use((req, res) => (count(a, '/wait') === 1 ? json(res, 503, {}, { 'retry-after': '0' }) : json(res, 200, { ok: req.url })));
        const started = Date.now();
        const res = await ask('wait');
        expect(res.status).toBe(200);
        expect(Date.now() - started).toBeLessThan(900); // not retry_after_max (1 s)
        expect(res.headers.get('x-understudy-attempts')).toBe('wait:503,wait:200');
      });

      it('moves on at once when Retry-After is beyond the limit', async () => {
        a.use((_req, res) => json(res, 429, {}, { 'retry-after': '30' }));
        const started = Date.now();
        const res = await ask('wait');
        expect(Date.now() - started).toBeLessThan(5000); // not the 30 s it asked for
        expect(res.headers.get('x-understudy-attempts')).toBe('wait:429,b:200');
      });

      it('retries a persistent 429 as often as the backend allows, with backoff, then moves on', async () => {
        a.use((_req, res) => json(res, 429, {}));
        const started = Date.now();
        const res = await ask('retry');
        expect(res.headers.get('x-understudy-attempts')).toBe('retry:429,retry:429,retry:429,b:200');
        expect(Date.now() - started).toBeGreaterThanOrEqual(25 + 50); // half of each backoff at least
      });

      it('retries a 500 once and keeps the backend when it recovers', async () => {
        a.use((_req, res) => (count(a, '/retry') === 1 ? json(res, 500, {}) : json(res, 200, { id: 'ok' })));
        const res = await ask('retry');
        expect(res.headers.get('x-understudy-attempts')).toBe('retry:500,retry:200');
        expect(count(b, '/')).toBe(0);
      });

      it('retries a reset connection on the same backend', async () => {
        a.use((req, res) => void (count(a, '/retry') === 1 ? req.socket.destroy() : json(res, 200, {})));
        const res = await ask('retry');
        expect(res.status).toBe(200);
        expect(count(a, '/retry')).toBe(2);
        expect(count(b, '/')).toBe(0);
        // Deno's own fetch re-sends a request whose reused keep-alive connection was reset, so
        // there the retry happens inside the runtime's client and the gateway counts one attempt.
        expect(res.headers.get('x-understudy-attempts')).toMatch(target.name === 'deno' ? /^(retry:unreachable,)?retry:200$/ : /^retry:unreachable,retry:200$/);
      });

      it('sends each try once when the backend resets reused connections before answering', async () => {
        a.use(async (_req, res) => {
          await sleep(100);
          json(res, 200, {});
        });
        await Promise.all([ask('retry'), ask('retry'), ask('retry')]); // three keep-alive connections to reuse
        const before = count(a, '/retry');
        a.use((req) => void req.socket.destroy()); // takes each request, then resets without an answer
        const res = await ask('retry');
        expect(res.headers.get('x-understudy-attempts')).toBe('retry:unreachable,retry:unreachable,retry:unreachable,b:200');
        // Deno's own fetch sends a request once more when a reused connection is reset before any
        // answer (denoland/deno#35610, Deno 2.9), and no client option stops it. The Deno entry
        // sends a backend's bodies in a form Deno cannot re-send once its connection failed, so
        // there only the first try can reach the backend twice.
        const sends = count(a, '/retry') - before;
        if (target.name === 'deno') expect(sends).toBeLessThanOrEqual(4);
        else expect(sends).toBe(3);
      });

      it('moves on at once when a backend never answers, without spending its retries on the silence', async () => {
        a.use(() => {}); // accepts the request, never answers
        const started = Date.now();
        const res = await ask('silent');
        expect(res.status).toBe(200);
        expect(res.headers.get('x-understudy-attempts')).toBe('silent:timeout,b:200');
        expect(count(a, '/silent')).toBe(1);
        expect(Date.now() - started).toBeLessThan(2 * WAIT_S * 1000); // one wait, not two
      });

      it('moves on at once when a stream never sends its first token, without spending retries', async () => {
        a.use((_req, res) => {
          sseHead(res);
          res.write(role); // a role delta, then nothing
        });
        const res = await ask('silent', { stream: true });
        expect(res.headers.get('x-understudy-attempts')).toBe('silent:first-token-timeout,b:200');
        expect(await res.text()).toContain('model-b');
        expect(count(a, '/silent')).toBe(1);
      });

      // Only the Node entry's client (undici) can bound connecting; Bun's and Deno's fetch have
      // no such control, and there the first-byte timeout covers connecting.
      it.skipIf(target.name !== 'node')('moves on when connecting takes longer than connect_timeout', async () => {
        const hole = await startBlackhole();
        const gwHole = await target.start({}, { toml: `[backends.hole]\nbase_url = "http://127.0.0.1:${hole.port}"\nconnect_timeout = 0.3\nfirst_byte_timeout = 10\n[backends.b]\nbase_url = "${b.url}"\n[aliases]\nx = ["hole", "b"]\n` });
        try {
          const started = Date.now();
          const res = await ask('x', {}, gwHole);
          expect(res.status).toBe(200);
          expect(res.headers.get('x-understudy-attempts')).toBe('hole:unreachable,b:200');
          expect(Date.now() - started).toBeLessThan(2000);
        } finally {
          await gwHole.stop();
          hole.close();
        }
      });

      it('moves on when a 400 says the context is too long', async () => {
        a.use((_req, res) => json(res, 400, { error: { code: 'context_length_exceeded', message: "This model's maximum context length is 8192 tokens." } }));
        const res = await ask('plain');
        expect(res.status).toBe(200);
        expect(res.headers.get('x-understudy-attempts')).toBe('a:context-length,b:200');
      });

      it('returns a content-policy refusal as is, with no retry and no fallback', async () => {
        const refusal = { error: { code: 'content_policy_violation', message: 'Your request was flagged by our safety system.' } };
        a.use((_req, res) => json(res, 400, refusal));
        const res = await ask('plain');
        expect(res.status).toBe(400);
        expect(await res.json()).toEqual(refusal);
        expect(count(b, '/')).toBe(0);
      });
    });

    it('with examples/resilient.toml, retries a 500 and a reset on the same backend and waits out a short Retry-After', async () => {
      const toml = readFileSync(join(ROOT, 'examples/resilient.toml'), 'utf8');
      const resilient = await target.start({ FAST_BASE_URL: `${a.url}/res/v1`, SMART_BASE_URL: `${b.url}/res/v1` }, { toml });
      try {
        const once = (fail: (req: IncomingMessage, res: ServerResponse) => void) =>
          a.use((req, res) => (count(a, '/res') === 1 ? fail(req, res) : json(res, 200, { id: 'fast-ok' })));
        once((_req, res) => json(res, 500, {}));
        expect((await ask('fast', {}, resilient)).headers.get('x-understudy-attempts')).toBe('fast:500,fast:200');
        a.reset();
        once((req) => void req.socket.destroy());
        // Deno's fetch may itself send the request again on a new connection (see above).
        expect((await ask('fast', {}, resilient)).headers.get('x-understudy-attempts')).toMatch(/^(fast:unreachable,)?fast:200$/);
        a.reset();
        once((_req, res) => json(res, 429, {}, { 'retry-after': '1' }));
        const started = Date.now();
        const res = await ask('fast', {}, resilient);
        expect(res.headers.get('x-understudy-attempts')).toBe('fast:429,fast:200');
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
        expect(count(b, '/res')).toBe(0);
      } finally {
        await resilient.stop();
      }
    });

    describe('cooldown', () => {
      it('skips a failing backend while it cools down, probes it once, and takes it back at once', async () => {
        let down = true;
        a.use((_req, res) => (down ? json(res, 503, {}) : json(res, 200, { id: 'cool-ok' })));
        for (let i = 0; i < 2; i++) expect((await ask('cool')).headers.get('x-understudy-attempts')).toBe('cool:503,b:200');
        // Cooling: a dead primary costs nothing.
        expect((await ask('cool')).headers.get('x-understudy-attempts')).toBe('b:200');
        const health = await (await fetch(`${gw.origin}/health`)).json();
        const cool = health.backends.find((x: { name: string }) => x.name === 'cool');
        // cool passes the requested name through, so its health is kept for that model
        expect(cool.models.cool).toMatchObject({ state: 'cooling', consecutive_failures: 2, last_failure: { reason: 'status 503' } });
        expect(count(a, '/cool')).toBe(2);
        down = false;
        await sleep(1100);
        expect((await ask('cool')).headers.get('x-understudy-attempts')).toBe('cool:200');
        expect((await ask('cool')).headers.get('x-understudy-attempts')).toBe('cool:200');
        const after = await (await fetch(`${gw.origin}/health`)).json();
        expect(after.backends.find((x: { name: string }) => x.name === 'cool')).toMatchObject({ state: 'healthy', consecutive_failures: 0, models: {} });
      });

      it('tries a cooling backend last instead of dropping it, and reports the first failure in chain order', async () => {
        let down = true;
        a.use((_req, res) => (down ? json(res, 503, { error: { message: 'cold is down' } }) : json(res, 200, { id: 'cold-ok' })));
        for (let i = 0; i < 2; i++) expect((await ask('cold')).headers.get('x-understudy-attempts')).toBe('cold:503,b:200');
        b.use((_req, res) => json(res, 502, { error: { message: 'b is down' } }));
        // cold is cooling: b first, then cold; both fail, and the client gets cold's own answer
        const failed = await ask('cold');
        expect(failed.headers.get('x-understudy-attempts')).toBe('b:502,cold:503');
        expect(failed.status).toBe(503);
        expect((await failed.json()).error.message).toBe('cold is down');
        // cold is back but still cooling; b still fails: a servable answer, from cold, tried last
        down = false;
        const warm = await ask('warm');
        expect(warm.status).toBe(200);
        expect(warm.headers.get('x-understudy-attempts')).toBe('b:502,cold:200');
        expect((await warm.json()).id).toBe('cold-ok');
        expect((await ask('cold')).headers.get('x-understudy-attempts')).toBe('cold:200'); // healthy again at once
      });

      it('stops retrying a backend once it cools down, and probes it once, with no retry', async () => {
        a.use((_req, res) => json(res, 500, {}));
        expect((await ask('flaky')).headers.get('x-understudy-attempts')).toBe('flaky:500,flaky:500,b:200');
        expect((await ask('flaky')).headers.get('x-understudy-attempts')).toBe('b:200');
        await sleep(1100);
        expect((await ask('flaky')).headers.get('x-understudy-attempts')).toBe('flaky:500,b:200'); // the probe, once
        expect((await ask('flaky')).headers.get('x-understudy-attempts')).toBe('b:200'); // and cooling again
        expect(count(a, '/flaky')).toBe(3);
        await sleep(1100); // let it cool off for the next test
      });

      it('keeps health per model on a pass-through backend: one failing model cools only itself', async () => {
        a.use((_req, res) => json(res, 200, { by: 'a' }));
        b.use((_req, res, body) => (JSON.parse(body.toString()).model === 'multi-broken' ? json(res, 503, {}) : json(res, 200, { by: 'multi' })));
        for (let i = 0; i < 2; i++) expect((await ask('multi-broken')).headers.get('x-understudy-attempts')).toBe('multi:503,a:200');
        expect((await ask('multi-broken')).headers.get('x-understudy-attempts')).toBe('a:200');
        expect((await ask('multi-fine')).headers.get('x-understudy-attempts')).toBe('multi:200');
        const health = await (await fetch(`${gw.origin}/health`)).json();
        const multi = health.backends.find((x: { name: string }) => x.name === 'multi');
        expect(multi).toMatchObject({ state: 'healthy', models: { 'multi-broken': { state: 'cooling', consecutive_failures: 2 } } });
        expect(Object.keys(multi.models)).toEqual(['multi-broken']);
        await sleep(1100);
      });

      it('cools every model of a backend that cannot be reached', async () => {
        a.use((_req, res) => json(res, 200, { by: 'a' }));
        expect((await ask('dead-one')).headers.get('x-understudy-attempts')).toBe('dead:unreachable,a:200');
        expect((await ask('dead-two')).headers.get('x-understudy-attempts')).toBe('dead:unreachable,a:200');
        expect((await ask('dead-three')).headers.get('x-understudy-attempts')).toBe('a:200');
        const health = await (await fetch(`${gw.origin}/health`)).json();
        expect(health.backends.find((x: { name: string }) => x.name === 'dead')).toMatchObject({ state: 'cooling', consecutive_failures: 2 });
      });

      it('still tries a chain whose every backend is cooling down', async () => {
        a.use((_req, res) => json(res, 503, {}));
        for (let i = 0; i < 2; i++) await ask('cool');
        b.use((_req, res) => json(res, 200, { id: 'b' }));
        // cool is cooling; a 'solo'-like chain of only cooling backends must not be refused
        const res = await fetch(`${gw.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'cool' }) });
        expect(res.status).toBe(200);
        await sleep(1100); // let it cool off for the next test
      });
    });

    describe('streams', () => {
      it('does not count role-only deltas as the first token: fails over when the token never comes', async () => {
        a.use((_req, res) => {
          sseHead(res);
          res.write(role);
          res.write(': still thinking\n\n'); // headers and a role delta at once, then nothing
        });
        const res = await ask('plain', { stream: true });
        const text = await res.text();
        expect(res.headers.get('x-understudy-attempts')).toBe('a:first-token-timeout,b:200');
        expect(text).toContain('model-b');
        expect(text).not.toContain('still thinking');
        await a.closed(1);
      });

      it('drops a malformed upstream event and forwards the rest byte for byte', async () => {
        a.use((_req, res) => {
          sseHead(res);
          res.end(sseEvent('one') + 'data: {not json\n\n' + sseEvent('two', 'stop') + DONE);
        });
        const text = await (await ask('solo', { stream: true })).text();
        expect(text).toBe(sseEvent('one') + sseEvent('two', 'stop') + DONE);
      });

      it('reports an end without a finish reason or [DONE] in-band, never as a success', async () => {
        a.use((_req, res) => {
          sseHead(res);
          res.end(sseEvent('cut') + sseEvent(' off'));
        });
        const text = await (await ask('solo', { stream: true })).text();
        expect(text.startsWith(sseEvent('cut') + sseEvent(' off'))).toBe(true);
        expect(text).toContain('"code":"upstream_incomplete"');
        expect(text).not.toContain('[DONE]');
      });

      it('ends a stream at the total limit in-band, though chunks keep coming', async () => {
        a.use(async (_req, res) => {
          sseHead(res);
          await trickleEvents(res, 20, 100, DONE);
        });
        const started = Date.now();
        const text = await (await ask('total', { stream: true })).text();
        expect(Date.now() - started).toBeLessThan(1500);
        expect(text).toContain('t1');
        expect(text).toContain('"code":"total_timeout"');
        expect(text).not.toContain('[DONE]');
        await a.closed(1);
      });

      it('passes usage, model and include_usage through unchanged', async () => {
        const usage = 'data: {"id":"u","object":"chat.completion.chunk","model":"real-model-v2","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}\n\n';
        a.use((_req, res) => {
          sseHead(res);
          res.end(sseEvent('x', 'stop') + usage + DONE);
        });
        const res = await ask('solo', { stream: true, stream_options: { include_usage: true } });
        expect(await res.text()).toBe(sseEvent('x', 'stop') + usage + DONE);
        expect(JSON.parse(a.received[0]!.body.toString()).stream_options).toEqual({ include_usage: true });
      });

      it('commits early with keep-alive comments while the first token is slow, then streams the answer', async () => {
        a.use(async (_req, res) => {
          sseHead(res);
          res.write(role);
          await sleep(450);
          res.end(sseEvent('late', 'stop') + DONE);
        });
        const res = await ask('solo', { stream: true }, live);
        expect(res.status).toBe(200);
        const text = await res.text();
        expect(text.match(/: keep-alive\n\n/g)!.length).toBeGreaterThanOrEqual(1);
        expect(text.endsWith(role + sseEvent('late', 'stop') + DONE)).toBe(true);
      });

      it('after an early commit, reports the failure of every backend in-band', async () => {
        a.use(() => {}); // never answers
        b.use((_req, res) => json(res, 503, { error: { message: 'b is down' } }));
        const res = await ask('plain', { stream: true }, live);
        expect(res.status).toBe(200);
        const text = await res.text();
        expect(text).toContain(': keep-alive');
        expect(text).toContain('"error"');
        expect(text).not.toContain('[DONE]');
      });

      it('resumes a cut stream on the next backend, verified, without assistant prefill', async () => {
        a.use(async (req, res) => {
          sseHead(res);
          res.write(role + sseEvent('Hello') + sseEvent(' wor'));
          await sleep(50);
          req.socket.destroy();
        });
        b.use((req, res, body) => {
          const messages = JSON.parse(body.toString()).messages as Array<{ role: string }>;
          if (messages.at(-1)!.role === 'assistant') return json(res, 400, { error: { message: 'prefill is not supported' } });
          sseHead(res);
          res.end(role + sseEvent('Hel') + sseEvent('lo world') + sseEvent('!', 'stop') + DONE);
        });
        const res = await ask('plain', { stream: true }, live);
        const text = await res.text();
        const content = text
          .split('\n\n')
          .filter((e) => e.startsWith('data: {'))
          .map((e) => JSON.parse(e.slice(6)).choices?.[0]?.delta?.content ?? '')
          .join('');
        expect(content).toBe('Hello world!');
        expect(text.endsWith(DONE)).toBe(true);
        expect(JSON.parse(b.received[0]!.body.toString()).messages).toEqual([{ role: 'user', content: 'hi' }]);
      });

      it('ends in-band when the resumed answer diverges from what the client has', async () => {
        a.use(async (req, res) => {
          sseHead(res);
          res.write(sseEvent('Hello'));
          await sleep(50);
          req.socket.destroy();
        });
        b.use((_req, res) => {
          sseHead(res);
          res.end(sseEvent('Goodbye', 'stop') + DONE);
        });
        const text = await (await ask('plain', { stream: true }, live)).text();
        expect(text.startsWith(sseEvent('Hello'))).toBe(true);
        expect(text).toContain('"code":"resume_diverged"');
        expect(text).not.toContain('Goodbye');
        expect(text).not.toContain('[DONE]');
      });
    });

    describe('routing model', () => {
      it('routes by the most specific alias pattern, then the default', async () => {
        a.use((_req, res) => json(res, 200, { by: 'a' }));
        b.use((req, res) => json(res, 200, { by: req.url }));
        expect((await (await ask('gpt-4o-mini')).json()).by).toBe('/b/v1/chat/completions');
        expect((await ask('gpt-3.5-turbo')).headers.get('x-understudy-backend')).toBe('a');
        expect((await ask('anything-else')).headers.get('x-understudy-route')).toBe('a');
      });

      it("maps model names per backend, and passes the requested name when a backend forces none", async () => {
        b.use((_req, res) => json(res, 200, {}));
        await ask('deepseek-chat');
        await ask('deepseek-coder');
        expect(b.received.map((r) => JSON.parse(r.body.toString()).model)).toEqual(['moonshot-v1-128k', 'deepseek-coder']);
      });

      it('lists only model names a client can send, and knows a name an alias pattern takes', async () => {
        const ids = (await (await fetch(`${gw.origin}/v1/models`)).json()).data.map((m: { id: string }) => m.id);
        expect(ids).toEqual(expect.arrayContaining(['plain', 'solo', 'retry']));
        expect(ids.filter((id: string) => id.includes('*'))).toEqual([]);
        expect((await fetch(`${gw.origin}/v1/models/gpt-4o-mini`)).status).toBe(200);
        expect((await fetch(`${gw.origin}/v1/models/anything-else`)).status).toBe(404);
        expect(a.received.length + b.received.length).toBe(0);
      });

      it("sends a backend's static headers", async () => {
        a.use((_req, res) => json(res, 200, {}));
        await ask('solo');
        expect(a.received[0]!.headers['x-team']).toBe('t1');
      });
    });
  });
}
