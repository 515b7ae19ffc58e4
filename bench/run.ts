// `npm run bench` (about 30 minutes) or `npm run bench -- --quick` (about 2.5 minutes, a smoke run);
// `npm run bench -- --only translation` (about 15 minutes; with --quick, a minute and a half) runs only
// the translation step.
// Direct calls to a mock upstream and the same calls through the gateway on Node, Bun and
// Deno, side by side in one run, then what translating a Responses or Messages call costs
// beside chat passthrough (bench/translation.ts); a full run replaces the latest run in
// bench/RESULTS.md (its history is kept) and redraws bench/results.svg, a quick run or a
// step run alone only prints. Traffic stays on loopback; every loop is bounded.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { drawChart } from './chart.ts';
import {
  BIN, COMMANDS, type Gateway, PIN, ROOT, type System, TMP, TICK_US, type Wrk,
  agent, benchEnv, cpuTicks, f, isGateway, mean, median, sleep, start, startupMs, status, stop, waitForLine, wrk,
} from './harness.ts';
import { withLatestRun } from './results-file.ts';
import { measureTurns, turnsReport } from './client-turns.ts';
import { type TranslationSettings, measureTranslation, translationReport } from './translation.ts';

const QUICK = process.argv.includes('--quick');
/** `--only translation`: that step alone, printed, nothing written. */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (ONLY !== undefined && ONLY !== 'translation') throw new Error(`Cannot run --only ${ONLY ?? '(nothing)'}: the step that runs alone is "translation"`);
const SECONDS = QUICK ? 1 : 10;
const STREAMS_SEQ = QUICK ? 10 : 50;
/**
 * Short streams whose time to first chunk is taken: a median of 50 moved by a tenth of a ms
 * between runs. Their second event comes 10 ms after the first, so each request finds the
 * proxy just back from idle, as the long streams do.
 */
const FIRST_CHUNKS = QUICK ? 30 : 300;
/** Start-up moves by tens of ms from one spawn to the next on a shared machine: the median of this many. */
const STARTS = QUICK ? 3 : 5;
const STREAMS_HELD = QUICK ? 200 : 1000;
/** Requests in the fixed-count step whose instructions are counted (see instructionsPerRequest). */
const COUNTED = QUICK ? 2000 : 10_000;
/**
 * CPU time per request and added latency at c=1 are taken in rounds that alternate each
 * gateway with its minimal proxy, a fresh process each time, each latency against a direct
 * step just before it: on a shared machine a single 10 s step moved Bun's CPU figure from 80
 * to 135 µs between two runs of the same code, while figures taken side by side drift together.
 */
const ROUNDS = QUICK ? 1 : 5;
const ROUND_CPU_SECONDS = QUICK ? 1 : 4;
const ROUND_C1_SECONDS = QUICK ? 1 : 2;
/**
 * Each round's warm-up, long enough for the JIT to settle: under load Bun's JavaScriptCore still
 * compiles (FTL, 10–80 ms a function here) until about 15,000 requests in, V8 until about 10,000,
 * and a compile that lands in the measured step is charged to its requests (docs/performance.md).
 */
const WARM_SECONDS = 5;
/**
 * The translation step (bench/translation.ts, then bench/client-turns.ts), about five minutes per gateway. Five short rounds
 * rather than three longer ones: on a busy machine one round of three read Node's Responses
 * call at 2.45× passthrough where the other two read 1.15× and 1.28×.
 */
const TRANSLATION: TranslationSettings = QUICK
  ? { rounds: 1, cpuSeconds: 1, streamSeconds: 1, streamEvents: 100, warmSeconds: 1, passes: 0, firstChunks: 30 }
  : { rounds: 5, cpuSeconds: 1, streamSeconds: 2, streamEvents: 100, warmSeconds: 5, passes: 2, firstChunks: 200 };

const SYSTEMS: System[] = ['direct', 'node (minimal)', 'node', 'bun (minimal)', 'bun', 'deno (minimal)', 'deno'];

interface Row {
  system: System;
  startupMs?: number;
  idleRssMb?: number;
  c1: Wrk;
  c32: Wrk;
  c100: Wrk;
  /** one per round (see ROUNDS) */
  rounds?: Round[];
  /** thousands of instructions per request (perf stat), over a fixed number of requests */
  kInstrPerReq?: number;
  peakRssMb?: number;
  afterRssMb?: number;
  stream: StreamStats;
  held: { completed: number; of: number; peakRssMb?: number };
  big: { p50Ms: number; beforeRssMb?: number; peakRssMb?: number };
}

// ---- tools --------------------------------------------------------------------------------

function hasPerf(): boolean {
  return spawnSync('perf', ['stat', '-x,', '-e', 'instructions', 'true']).status === 0;
}

/** From Debian when missing: wrk (required) and perf (for the instruction counts; optional). */
function ensureTools(): void {
  const install = (pkg: string) =>
    spawnSync('sh', ['-c', `apt-get install -y ${pkg} >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y ${pkg} >/dev/null)`], { stdio: 'inherit' }).status === 0;
  if (spawnSync('wrk', ['--version']).error !== undefined) {
    console.log('wrk is missing: installing it from Debian (apt-get install wrk)');
    if (!install('wrk')) throw new Error('wrk is missing and could not be installed (apt-get install wrk)');
  }
  if (!hasPerf()) {
    console.log('perf is missing: installing it from Debian (apt-get install linux-perf); without it, no instruction counts');
    install('linux-perf');
  }
}

// ---- load ---------------------------------------------------------------------------------

interface StreamStats {
  firstChunkMs: number;
  gapMeanMs: number;
  gapMaxMs: number;
  /**
   * Each gap as received minus the same gap as the mock sent it (events carry their send
   * time): what the path added, with the mock's own timer jitter taken out. Mean and max.
   */
  lagMeanMs: number;
  lagMaxMs: number;
  /** data events per chunk read by the client: 1 means delivered one by one */
  eventsPerChunk: number;
}

/**
 * One streaming request; resolves with when each chunk arrived and when each event arrived
 * (the time of the chunk that completed it), in ms since the request, and for each event the
 * mock stamped (`?stamp`), its send and arrival times on the shared epoch clock.
 */
function streamOnce(
  origin: string,
  query: string,
): Promise<{ times: number[]; eventTimes: number[]; stamps: { sent: number; arrived: number }[]; events: number; chunks: number; complete: boolean }> {
  const body = JSON.stringify({ model: 'fast', stream: true, messages: [{ role: 'user', content: 'hi' }] });
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    const times: number[] = [];
    const eventTimes: number[] = [];
    const stamps: { sent: number; arrived: number }[] = [];
    let events = 0;
    let text = '';
    let pending = ''; // a stamped event can span chunks
    const req = request(`${origin}/v1/chat/completions${query}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.on('data', (d: Buffer) => {
        const at = performance.now() - t0;
        times.push(at);
        const s = d.toString();
        const n = s.split('\n\n').length - 1; // events completed by this chunk
        for (let i = 0; i < n; i++) eventTimes.push(at);
        events += s.split('data: ').length - 1;
        text = (text + s).slice(-40);
        const parts = (pending + s).split('\n\n');
        pending = parts.pop()!;
        for (const part of parts) {
          const sent = /"id":"c@([\d.]+)"/.exec(part);
          if (sent) stamps.push({ sent: Number(sent[1]), arrived: performance.timeOrigin + t0 + at });
        }
      });
      res.on('end', () => ok({ times, eventTimes, stamps, events, chunks: times.length, complete: text.endsWith('data: [DONE]\n\n') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

function postOnce(origin: string, body: Buffer): Promise<void> {
  return new Promise((ok, fail) => {
    const req = request(`${origin}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      res.resume();
      // An error answer is cheaper than a proxied one: counting it would flatter the figure.
      res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`counted request answered ${res.statusCode}`))));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

/**
 * Instructions the proxy's process executes per request (perf stat), over exactly COUNTED
 * requests from 8 connections. Unlike CPU time, this does not move with the machine's speed
 * from one quarter-hour to the next, so ratios between runs and runtimes hold.
 */
async function instructionsPerRequest(origin: string, pid: number, bodyFile: string): Promise<number | undefined> {
  if (!PERF) return undefined;
  const out = join(TMP, `perf-${pid}.txt`);
  const perf = spawn('perf', ['stat', '-x,', '-e', 'instructions', '-p', String(pid), '-o', out], { stdio: 'ignore' });
  await sleep(300); // perf attaches
  const body = readFileSync(bodyFile);
  let left = COUNTED;
  const connection = async () => {
    while (left-- > 0) await postOnce(origin, body);
  };
  await Promise.all(Array.from({ length: 8 }, connection));
  const exited = new Promise((r) => perf.once('exit', r));
  perf.kill('SIGINT');
  await exited;
  const line = readFileSync(out, 'utf8').split('\n').find((l) => l.includes(',instructions'));
  return line ? Number(line.split(',')[0]) / COUNTED / 1000 : undefined;
}

async function streamStats(origin: string): Promise<StreamStats> {
  const first: number[] = [];
  const gaps: number[] = [];
  const lags: number[] = [];
  let events = 0;
  let chunks = 0;
  for (let i = 0; i < FIRST_CHUNKS; i++) first.push((await streamOnce(origin, '?chunks=2&gap=10')).times[0]!);
  for (let i = 0; i < STREAMS_SEQ; i++) {
    const r = await streamOnce(origin, '?chunks=20&gap=10&stamp');
    // Gaps between events as the client gets them: two events read together count as a gap of
    // 0 after a longer one, so batching shows in the max and in events per chunk, not the mean.
    for (let j = 1; j < r.eventTimes.length; j++) gaps.push(r.eventTimes[j]! - r.eventTimes[j - 1]!);
    const st = r.stamps;
    for (let j = 1; j < st.length; j++) lags.push(st[j]!.arrived - st[j - 1]!.arrived - (st[j]!.sent - st[j - 1]!.sent));
    events += r.events;
    chunks += r.chunks;
  }
  return { firstChunkMs: median(first), gapMeanMs: mean(gaps), gapMaxMs: Math.max(...gaps), lagMeanMs: mean(lags), lagMaxMs: Math.max(...lags), eventsPerChunk: events / chunks };
}

async function heldStreams(origin: string, pid?: number): Promise<Row['held']> {
  let peak = 0;
  const poll = pid ? setInterval(() => (peak = Math.max(peak, status(pid, 'VmRSS'))), 50) : undefined;
  const results = await Promise.allSettled(Array.from({ length: STREAMS_HELD }, () => streamOnce(origin, '?chunks=20&gap=50')));
  clearInterval(poll);
  const completed = results.filter((r) => r.status === 'fulfilled' && r.value.complete).length;
  return { completed, of: STREAMS_HELD, peakRssMb: pid ? peak : undefined };
}

async function bigBody(origin: string, file: string, pid?: number): Promise<Row['big']> {
  const body = readFileSync(file);
  const times: number[] = [];
  const beforeRssMb = pid ? status(pid, 'VmRSS') : undefined;
  let peak = 0;
  // Sampled while these requests run (VmHWM would still hold the 1,000-stream peak).
  const poll = pid ? setInterval(() => (peak = Math.max(peak, status(pid, 'VmRSS'))), 10) : undefined;
  for (let i = 0; i < (QUICK ? 5 : 15); i++) {
    const t0 = performance.now();
    await new Promise<void>((ok, fail) => {
      const req = request(`${origin}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', ok);
      });
      req.on('error', fail);
      req.end(body);
    });
    times.push(performance.now() - t0);
  }
  clearInterval(poll);
  return { p50Ms: median(times), beforeRssMb, peakRssMb: pid ? peak : undefined };
}

// ---- spot checks: speed traded for nothing -----------------------------------------------

async function spotChecks(system: Gateway, mock: string): Promise<string[]> {
  const failures: string[] = [];
  const check = (ok: boolean, what: string) => ok || failures.push(what);
  const failing = await startupMs(COMMANDS[system], { FAST_BASE_URL: `${mock}/fail503/v1`, SMART_BASE_URL: `${mock}/stall/v1`, PROXY_TIMEOUT: '0.5', PROXY_PORT: '0', LOG_LEVEL: 'warn' }, 'health');
  const t0 = performance.now();
  const failed = await fetch(`${failing.origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  check(failed.status === 503 && failed.headers.get('x-understudy-attempts') === 'fast:503,smart:timeout' && performance.now() - t0 >= 450, 'failover, then the fallback timing out: the primary 503');
  failing.child.kill();
  const gw = await startupMs(COMMANDS[system], { FAST_BASE_URL: `${mock}/v1`, PROXY_PORT: '0', LOG_LEVEL: 'warn' });
  const direct = await (await fetch(`${mock}/v1/chat/completions?chunks=5`, { method: 'POST', body: '{"stream":true}' })).text();
  const via = await (await fetch(`${gw.origin}/v1/chat/completions?chunks=5`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stream":true}' })).text();
  check(direct === via, 'byte-for-byte stream passthrough');
  const ac = new AbortController();
  const res = await fetch(`${gw.origin}/v1/chat/completions?chunks=1000&gap=20`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stream":true}', signal: ac.signal });
  await res.body!.getReader().read();
  ac.abort();
  await sleep(300);
  check((await (await fetch(`${mock}/stats`)).json()).open === 0, 'client abort cancels the upstream stream');
  gw.child.kill();
  return failures;
}

// ---- one system ---------------------------------------------------------------------------

async function measure(system: System, mock: string, files: { small: string; big: string }): Promise<Row> {
  let child: ChildProcess | undefined;
  let origin = mock;
  let startup: number | undefined;
  if (system !== 'direct') {
    const env = benchEnv(mock);
    const starts: number[] = [];
    for (let i = 1; i < STARTS; i++) {
      const s = await startupMs(COMMANDS[system], env);
      starts.push(s.ms);
      await stop(s.child);
    }
    const s = await startupMs(COMMANDS[system], env); // the one measured from here on
    ({ child, origin } = s);
    startup = median([...starts, s.ms]);
  }
  const pid = child?.pid;
  await sleep(1000);
  const idleRssMb = pid ? status(pid, 'VmRSS') : undefined;
  wrk(origin, 8, files.small, 1); // warm-up
  const c1 = wrk(origin, 1, files.small, SECONDS);
  const c32 = wrk(origin, 32, files.small, SECONDS);
  const c100 = wrk(origin, 100, files.small, SECONDS);
  const step = (what: string) => console.log(`  ${system}: ${what}`);
  step(`instructions over ${COUNTED} requests`);
  const kInstrPerReq = pid ? await instructionsPerRequest(origin, pid, files.small) : undefined;
  step('streaming');
  const stream = await streamStats(origin);
  step(`${STREAMS_HELD} concurrent streams`);
  const held = await heldStreams(origin, pid);
  step('8 MiB requests');
  const big = await bigBody(origin, files.big, pid);
  const peakRssMb = pid ? status(pid, 'VmHWM') : undefined; // the high-water mark over every step
  await sleep(2000);
  const afterRssMb = pid ? status(pid, 'VmRSS') : undefined;
  child?.kill();
  return { system, startupMs: startup, idleRssMb, c1, c32, c100, kInstrPerReq, peakRssMb, afterRssMb, stream, held, big };
}

interface Round {
  /** the proxy's CPU time (utime + stime from /proc) per request over a c=32 step */
  cpuUs: number;
  /** c=1 p50 through the proxy minus direct's, taken just before it */
  addedP50Ms: number;
}

/** One round for one proxy, in a process of its own. */
async function round(system: Exclude<System, 'direct'>, mock: string, bodyFile: string): Promise<Round> {
  const { child, origin } = await startupMs(COMMANDS[system], benchEnv(mock));
  wrk(origin, 32, bodyFile, QUICK ? 1 : WARM_SECONDS);
  const direct = wrk(mock, 1, bodyFile, ROUND_C1_SECONDS);
  const c1 = wrk(origin, 1, bodyFile, ROUND_C1_SECONDS);
  const ticks0 = cpuTicks(child.pid!);
  const { requests } = wrk(origin, 32, bodyFile, ROUND_CPU_SECONDS);
  const cpuUs = ((cpuTicks(child.pid!) - ticks0) * TICK_US) / requests;
  await stop(child);
  return { cpuUs, addedP50Ms: c1.p50Ms - direct.p50Ms };
}

/** `deno task serve`, as a user starts it: spawn to first answered request. */
async function denoTaskStartup(mock: string): Promise<number> {
  writeFileSync(join(TMP, 'none.toml'), '');
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t0 = performance.now();
    const child = spawn(join(BIN, 'deno'), ['task', 'serve'], { cwd: ROOT, env: { PATH: `${BIN}:${process.env.PATH}`, HOME: process.env.HOME ?? '/tmp', FAST_BASE_URL: `${mock}/v1`, PROXY_PORT: '0', GATEWAY_CONFIG: join(TMP, 'none.toml') }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const m = await waitForLine(child, /listening on (http:\/\/\S+?)\/v1/);
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`${m[1]}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(5);
    }
    times.push(performance.now() - t0);
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  return median(times);
}

// ---- report -------------------------------------------------------------------------------

function versions(): Record<string, string> {
  // spawnSync: `wrk --version` prints its version and exits 1.
  const v = (cmd: string, args: string[]) => spawnSync(cmd, args).stdout.toString().trim().split('\n')[0]!;
  return { node: process.version, bun: v(join(BIN, 'bun'), ['--version']), deno: v(join(BIN, 'deno'), ['--version']).replace('deno ', ''), wrk: v('wrk', ['--version']).split(' ').slice(0, 2).join(' ') };
}

/** A run's heading and its machine line. */
function heading(): string[] {
  const kind = [QUICK && 'quick', ONLY && `${ONLY} only`].filter(Boolean).join(', ');
  return [
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${kind ? ` (${kind})` : ''}`,
    '',
    `Machine: ${os()}. ${PIN ? 'Gateway pinned to core 0; mock upstream (Bun), wrk and the benchmark\'s own clients on core 1.' : 'No pinning (taskset or a second core missing).'} Runtimes: ${Object.entries(versions()).map(([k, v]) => `${k} ${v}`).join(', ')}.${ONLY ? '' : ` ${SECONDS} s per load step.`}`,
    '',
  ];
}

function report(rows: Row[], extras: { denoTaskMs: number; spot: Record<string, string[]> }): string {
  const direct = rows.find((r) => r.system === 'direct')!;
  const added = (a: number, b: number) => `${f(a, 3)} (+${f(a - b, 3)})`;
  const lines = [
    ...heading(),
    `| | ${rows.map((r) => r.system).join(' | ')} |`,
    `|---|${rows.map(() => '---').join('|')}|`,
  ];
  const row = (label: string, cell: (r: Row) => string) => lines.push(`| ${label} | ${rows.map(cell).join(' | ')} |`);
  const floor = (r: Row) => (isGateway(r.system) ? rows.find((m) => m.system === `${r.system} (minimal)`) : undefined);
  row(`latency c=1 p50, ms (added; one ${SECONDS} s step)`, (r) => (r === direct ? f(r.c1.p50Ms, 3) : added(r.c1.p50Ms, direct.c1.p50Ms)));
  row(`latency c=1 p99, ms (added; one ${SECONDS} s step)`, (r) => (r === direct ? f(r.c1.p99Ms, 3) : added(r.c1.p99Ms, direct.c1.p99Ms)));
  row('throughput c=32, req/s', (r) => f(r.c32.rps, 0));
  row('c=32 p50 / p99, ms', (r) => `${f(r.c32.p50Ms, 2)} / ${f(r.c32.p99Ms, 2)}`);
  row('throughput c=100, req/s', (r) => f(r.c100.rps, 0));
  row('c=100 p50 / p99, ms', (r) => `${f(r.c100.p50Ms, 2)} / ${f(r.c100.p99Ms, 2)}`);
  const spread = (r: Row, of: (x: Round) => number, digits: number) => {
    if (!r.rounds) return '—';
    const xs = r.rounds.map(of);
    return `${f(median(xs), digits)} (${f(Math.min(...xs), digits)} to ${f(Math.max(...xs), digits)})`;
  };
  row(`added latency c=1 p50, ms (median of ${ROUNDS} rounds, each against direct just before it; lowest to highest)`, (r) => spread(r, (x) => x.addedP50Ms, 3));
  row(`CPU per request at c=32, µs (median of ${ROUNDS} rounds; lowest to highest)`, (r) => spread(r, (x) => x.cpuUs, 0));
  // Each round's gateway against the minimal proxy measured beside it: the pair shares the machine's mood.
  row('CPU per request ÷ the minimal proxy (median of the rounds\' ratios)', (r) => {
    const m = floor(r);
    return m?.rounds && r.rounds ? `${f(median(r.rounds.map((x, i) => x.cpuUs / m.rounds![i]!.cpuUs)), 2)}×` : '—';
  });
  row(`instructions per request, thousands (${COUNTED} requests, 8 connections; perf stat)`, (r) => {
    const m = floor(r);
    if (r.kInstrPerReq === undefined) return PERF ? '—' : 'no perf';
    return m?.kInstrPerReq ? `${f(r.kInstrPerReq, 0)} (${f(r.kInstrPerReq / m.kInstrPerReq, 2)}×)` : f(r.kInstrPerReq, 0);
  });
  row('errors (all steps)', (r) => String(r.c1.errors + r.c32.errors + r.c100.errors + r.c1.non2xx + r.c32.non2xx + r.c100.non2xx));
  row(`stream: time to first chunk, ms (added; median of ${FIRST_CHUNKS})`, (r) => (r === direct ? f(r.stream.firstChunkMs, 3) : added(r.stream.firstChunkMs, direct.stream.firstChunkMs)));
  // Added: each gap as received minus as sent (the mock stamps its events), against the same for direct.
  const lag = (r: Row, gap: number, lagOf: (s: StreamStats) => number, digits: number) => (r === direct ? f(gap, digits) : `${f(gap, digits)} (+${f(lagOf(r.stream) - lagOf(direct.stream), 3)})`);
  row('stream: gap between events mean, ms (added)', (r) => lag(r, r.stream.gapMeanMs, (s) => s.lagMeanMs, 3));
  row('stream: gap between events max, ms (added)', (r) => lag(r, r.stream.gapMaxMs, (s) => s.lagMaxMs, 2));
  row('stream: events per chunk received', (r) => f(r.stream.eventsPerChunk, 2));
  row(`${STREAMS_HELD} concurrent streams completed`, (r) => `${r.held.completed}/${r.held.of}`);
  row(`peak RSS with ${STREAMS_HELD} streams, MB`, (r) => f(r.held.peakRssMb, 0));
  row('8 MiB request p50, ms (added)', (r) => (r === direct ? f(r.big.p50Ms, 2) : added(r.big.p50Ms, direct.big.p50Ms)));
  row('RSS before → peak during the 8 MiB requests, MB', (r) => (r.big.beforeRssMb === undefined ? '—' : `${f(r.big.beforeRssMb, 0)} → ${f(r.big.peakRssMb, 0)}`));
  row('idle RSS, MB', (r) => f(r.idleRssMb, 0));
  row('peak RSS over the whole run, MB', (r) => f(r.peakRssMb, 0));
  row('RSS 2 s after load, MB', (r) => f(r.afterRssMb, 0));
  row(`startup to first served request, ms (median of ${STARTS})`, (r) => (r.system === 'deno' ? `${f(r.startupMs, 0)} (deno task serve: ${f(extras.denoTaskMs, 0)})` : f(r.startupMs, 0)));
  row('spot checks (failover, timeout, abort, bytes)', (r) => (!isGateway(r.system) ? '—' : extras.spot[r.system]!.length === 0 ? 'pass' : `FAIL: ${extras.spot[r.system]!.join('; ')}`));
  lines.push('', `Mock ceiling check: direct c=100 ${f(direct.c100.rps, 0)} req/s vs best proxy ${f(Math.max(...rows.filter((r) => r !== direct).map((r) => r.c100.rps)), 0)} req/s.`, '');
  return lines.join('\n');
}

function os(): string {
  const model = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${cpus().length} × ${model}, ${Math.round(Number(execFileSync('awk', ['/MemTotal/ {print $2}', '/proc/meminfo']).toString()) / 1024 / 1024)} GiB`;
}

// ---- main ---------------------------------------------------------------------------------

ensureTools();
const PERF = hasPerf();
// This process's own clients (streams, 8 MiB bodies, the counted requests) are load too.
if (PIN) execFileSync('taskset', ['-a', '-p', '-c', PIN.load, String(process.pid)], { stdio: 'ignore' });
if (!existsSync(join(ROOT, 'dist/node.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
const files = { small: join(TMP, 'small.json'), big: join(TMP, 'big.json') };
writeFileSync(files.small, JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Say hello in one short sentence.' }] }));
writeFileSync(files.big, JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'x'.repeat(8 * 2 ** 20 - 100) }] }));

const mockProc = start([join(BIN, 'bun'), join(ROOT, 'bench/mock-upstream.ts')], {}, PIN?.load);
const mock = `http://127.0.0.1:${(await waitForLine(mockProc, /mock listening on (\d+)/))[1]}`;

/** The translation step on each gateway, as a section of the report. */
async function translationSection(): Promise<string> {
  const rows = [];
  const turns = [];
  for (const gateway of ['node', 'bun', 'deno'] as const) {
    console.log(`translation: ${TRANSLATION.rounds} round(s) of ${gateway}, chat passthrough beside translated Responses and Messages calls…`);
    rows.push(await measureTranslation(gateway, mock, TRANSLATION));
    console.log(`translation: ${TRANSLATION.rounds} round(s) of ${gateway}, a Codex and a Claude Code turn beside their chat requests…`);
    turns.push(await measureTurns(gateway, mock, TRANSLATION));
  }
  return `${translationReport(rows, TRANSLATION)}\n${turnsReport(turns, TRANSLATION)}`;
}

/** `--only translation`: printed, nothing written. */
async function translationOnly(): Promise<void> {
  console.log(`\n${[...heading(), await translationSection()].join('\n')}`);
  console.log('--only: bench/RESULTS.md and bench/results.svg left as they are');
}

/** Every step; a full run writes its report as the latest run. */
async function fullRun(): Promise<void> {
  const rows: Row[] = [];
  const spot: Record<string, string[]> = {};
  for (const system of SYSTEMS) {
    console.log(`measuring ${system}…`);
    rows.push(await measure(system, mock, files));
    writeFileSync(join(TMP, 'rows.json'), JSON.stringify(rows)); // kept if the report fails
    if (isGateway(system)) {
      console.log(`  ${system}: spot checks`);
      spot[system] = await spotChecks(system, mock);
    }
  }
  for (const runtime of ['node', 'bun', 'deno'] as const) {
    console.log(`${ROUNDS} rounds of ${runtime} (minimal) and ${runtime}, alternating: latency at c=1, CPU per request…`);
    const [minimal, gateway] = [rows.find((r) => r.system === `${runtime} (minimal)`)!, rows.find((r) => r.system === runtime)!];
    minimal.rounds = [];
    gateway.rounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Which goes first alternates too, so neither always follows the other's leftovers.
      const pair = i % 2 === 0 ? [minimal, gateway] : [gateway, minimal];
      for (const row of pair) row.rounds!.push(await round(row.system as Exclude<System, 'direct'>, mock, files.small));
    }
  }
  const translation = await translationSection();
  const denoTaskMs = await denoTaskStartup(mock);
  const text = `${report(rows, { denoTaskMs, spot })}\n${translation}`;
  console.log(`\n${text}`);
  if (QUICK) {
    console.log('quick run: bench/RESULTS.md and bench/results.svg left as they are');
  } else {
    const results = join(ROOT, 'bench/RESULTS.md');
    writeFileSync(results, withLatestRun(existsSync(results) ? readFileSync(results, 'utf8') : undefined, text));
    writeFileSync(join(ROOT, 'bench/results.svg'), drawChart(rows.map((r) => ({ system: r.system, rps: r.c100.rps, cpuUs: r.rounds ? median(r.rounds.map((x) => x.cpuUs)) : 0, addedP50Us: r.rounds ? median(r.rounds.map((x) => x.addedP50Ms)) * 1000 : 0, idleRssMb: r.idleRssMb ?? 0 }))));
    console.log('written: bench/RESULTS.md (latest run; history kept), bench/results.svg');
  }
}

try {
  await (ONLY === 'translation' ? translationOnly() : fullRun());
} finally {
  mockProc.kill();
  agent.destroy();
}
rmSync(TMP, { recursive: true, force: true }); // kept only when the run failed: rows.json is there
process.exit(0);
