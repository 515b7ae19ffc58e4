// Chaos: thousands of requests at concurrency 100 against upstreams that reset, fail, rate
// limit, stall, trickle, cut streams and send malformed events at random (seeded). Every
// request must end in a valid success or a clean error within its deadline, and the
// gateway's sockets and memory must settle afterwards.
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockUpstream, sleep, sseEvent, startMockUpstream, trickleEvents } from './mock-upstream.ts';
import type { Gateway, Target } from './targets.ts';

const REQUESTS_PER_ROUND = 700;
const ROUNDS = 3;
const CONCURRENCY = 100;
const DEADLINE_MS = 10_000;

type Outcome = 'ok' | 'stream-ok' | 'error' | 'inband-error' | 'bad';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

function chaosHandler(random: () => number) {
  return async (req: import('node:http').IncomingMessage, res: ServerResponse) => {
    const r = random();
    const stream = (...events: string[]) => (res.writeHead(200, { 'content-type': 'text/event-stream' }), events.forEach((e) => res.write(e)));
    if (r < 0.3) return json(res, 200, { id: 'c', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }] });
    if (r < 0.55) return void (stream(sseEvent('a'), sseEvent('b', 'stop')), res.end('data: [DONE]\n\n'));
    if (r < 0.63) return void req.socket.destroy();
    if (r < 0.7) return json(res, 500, { error: { message: 'boom' } });
    if (r < 0.77) return json(res, 429, { error: { message: 'slow down' } });
    if (r < 0.82) return; // stall: never answers
    if (r < 0.87) {
      stream();
      return trickleEvents(res, 10, 40, sseEvent('', 'stop') + 'data: [DONE]\n\n');
    }
    if (r < 0.92) return void (stream(sseEvent('x'), sseEvent('y')), setTimeout(() => req.socket.destroy(), 20));
    if (r < 0.96) return void (stream(sseEvent('x'), 'data: {broken\n\n', sseEvent('z', 'stop')), res.end('data: [DONE]\n\n'));
    stream(sseEvent('then silence'));
  };
}

async function runOne(origin: string, i: number): Promise<{ outcome: Outcome; ms: number; detail?: string }> {
  const started = Date.now();
  const streaming = i % 2 === 0;
  let text = '';
  let status = 0;
  try {
    const res = await fetch(`${origin}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fast', stream: streaming, messages: [{ role: 'user', content: `request ${i}` }] }),
      signal: AbortSignal.timeout(DEADLINE_MS),
    });
    status = res.status;
    const reader = res.body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    const ms = Date.now() - started;
    const detail = `stream=${streaming} status=${status} body=${text.slice(-160)}`;
    if (res.status >= 400) return { outcome: hasError(text) ? 'error' : 'bad', ms, detail };
    if (!text.startsWith('data:') && !text.startsWith(':')) return { outcome: hasChoices(text) ? 'ok' : 'bad', ms, detail };
    if (text.endsWith('data: [DONE]\n\n')) return { outcome: 'stream-ok', ms };
    const last = text.trimEnd().split('\n\n').at(-1)!;
    return { outcome: last.startsWith('data: ') && hasError(last.slice(6)) && !text.includes('[DONE]') ? 'inband-error' : 'bad', ms, detail };
  } catch (err) {
    return { outcome: 'bad', ms: Date.now() - started, detail: `stream=${streaming} status=${status} ${(err as Error).name} after body=${text.slice(-160)}` };
  }
}

const hasError = (text: string) => {
  try {
    return typeof JSON.parse(text).error === 'object';
  } catch {
    return false;
  }
};
const hasChoices = (text: string) => {
  try {
    return Array.isArray(JSON.parse(text).choices);
  } catch {
    return false;
  }
};

async function round(origin: string, offset: number) {
  const outcomes: Record<Outcome, number> = { ok: 0, 'stream-ok': 0, error: 0, 'inband-error': 0, bad: 0 };
  let next = 0;
  let maxMs = 0;
  const samples: string[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS_PER_ROUND) {
        const { outcome, ms, detail } = await runOne(origin, offset + next++);
        outcomes[outcome]++;
        if (outcome === 'bad' && samples.length < 3) samples.push(detail ?? '');
        maxMs = Math.max(maxMs, ms);
      }
    }),
  );
  return { outcomes, maxMs, samples };
}

const fds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * One chaos run at a time across the test workers: each loads both cores for seconds, and two
 * at once would test the machine, not the gateway. A directory is the lock (mkdir is atomic);
 * one left by a killed run is taken over after two minutes.
 */
const LOCK = join(tmpdir(), 'understudy-chaos.lock');
async function takeLock(): Promise<() => void> {
  for (const started = Date.now(); ; await sleep(250)) {
    try {
      mkdirSync(LOCK);
      return () => rmSync(LOCK, { recursive: true, force: true });
    } catch {
      if (Date.now() - started > 120_000) rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

export function describeChaos(target: Target & { name: 'node' | 'bun' | 'deno' }): void {
  describe(`chaos (${target.name})`, () => {
    let a: MockUpstream;
    let b: MockUpstream;
    let gw: Gateway;
    let unlock = () => {};
    beforeAll(async () => {
      unlock = await takeLock();
      [a, b] = await Promise.all([startMockUpstream('a'), startMockUpstream('b')]);
      a.use(chaosHandler(prng(1)));
      b.use(chaosHandler(prng(2)));
      gw = await target.start(
        // 1 s: short enough that stalls end quickly, long enough that a loaded machine's slow answers are not taken for stalls.
        { FAST_BASE_URL: a.url, SMART_BASE_URL: b.url, PROXY_TIMEOUT: '1', LOG_LEVEL: 'warn' },
        { toml: '[defaults]\ncooldown_after = 0\n' },
      );
    }, 150_000); // it may wait for another runtime's chaos run to end
    afterAll(async () => {
      await gw?.stop();
      await Promise.all([a?.close(), b?.close()]);
      unlock();
    });

    it(`ends ${ROUNDS * REQUESTS_PER_ROUND} chaotic requests cleanly within their deadline, and settles`, async () => {
      const pid = gw.pid!;
      // Idle keep-alive sockets (the client's close after 4 s) and abandoned upstream requests
      // wind down before each look.
      const settle = async () => (await sleep(6000), { fds: fds(pid), rss: Math.round(rssMb(pid)) });
      const idle = await settle();
      // The first rounds fill connection pools and grow the heap to its working size (Deno's
      // RSS levels off only after the second): the baseline is taken before the last round,
      // which must not grow it. A leak grows with every round.
      const rounds = [];
      let before = idle;
      for (let i = 0; i < ROUNDS; i++) {
        if (i === ROUNDS - 1) before = await settle();
        rounds.push(await round(gw.origin, i * REQUESTS_PER_ROUND));
      }
      const after = await settle();
      const outcomes: Record<Outcome, number> = { ok: 0, 'stream-ok': 0, error: 0, 'inband-error': 0, bad: 0 };
      for (const r of rounds) for (const k of Object.keys(outcomes) as Outcome[]) outcomes[k] += r.outcomes[k];
      const maxMs = Math.max(...rounds.map((r) => r.maxMs));
      const report = { runtime: target.name, requests: ROUNDS * REQUESTS_PER_ROUND, concurrency: CONCURRENCY, outcomes, maxMs, idle, before, after, badSamples: rounds.flatMap((r) => r.samples) };
      console.log(`CHAOS ${JSON.stringify(report)}`);

      expect(outcomes.bad).toBe(0);
      expect(report.maxMs).toBeLessThan(DEADLINE_MS);
      expect(outcomes.ok + outcomes['stream-ok']).toBeGreaterThan(report.requests / 2); // failover turned most chaos into answers
      expect((await fetch(`${gw.origin}/health`)).status).toBe(200);
      expect(after.fds).toBeLessThanOrEqual(before.fds + 15);
      expect(after.rss).toBeLessThan(before.rss * 1.25 + 15);
      expect(gw.output()).not.toMatch(/unhandled|uncaught|internal error/i);
    }, 120_000); // 18 s of it is waiting for sockets to settle; the rest scales with the machine's load
  });
}
