// What every benchmark step shares: the processes under test (spawned, pinned, stopped), wrk as
// the load, CPU and memory read from /proc, and the few numbers helpers of the report.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '..');
/** Where the pinned runtimes (bun, deno) and wrk's neighbours live. */
export const BIN = join(ROOT, 'node_modules/.bin');
/** A scratch folder for this run: request bodies, perf output, the rows kept if the report fails. */
export const TMP = mkdtempSync(join(tmpdir(), 'understudy-bench-'));

/** A gateway's runtime. */
export type Gateway = 'node' | 'bun' | 'deno';
/** `bun (minimal)` &c.: a hand-written proxy with nothing but forwarding (bench/minimal/), the runtime's floor. */
export type Minimal = `${Gateway} (minimal)`;
/** What a row of the main table measures. */
export type System = 'direct' | Gateway | Minimal;
/** Whether a system is one of the gateway's entries. */
export const isGateway = (s: System): s is Gateway => s === 'node' || s === 'bun' || s === 'deno';

const DENO_RUN = [join(BIN, 'deno'), 'run', '--no-code-cache', '--allow-net', '--allow-env', '--allow-read']; // as deno.json's serve task
/** How a gateway in the checkout at `root` is started (Node's from its build). */
export const gatewayCommand = (gateway: Gateway, root = ROOT): string[] =>
  gateway === 'node' ? [process.execPath, join(root, 'dist/node.js')] : gateway === 'bun' ? [join(BIN, 'bun'), join(root, 'runtimes/bun.ts')] : [...DENO_RUN, join(root, 'runtimes/deno.ts')];
/** How each proxy is started. */
export const COMMANDS: Record<Exclude<System, 'direct'>, string[]> = {
  node: gatewayCommand('node'),
  bun: gatewayCommand('bun'),
  deno: gatewayCommand('deno'),
  'node (minimal)': [process.execPath, join(ROOT, 'bench/minimal/node.mjs')],
  'bun (minimal)': [join(BIN, 'bun'), join(ROOT, 'bench/minimal/bun.ts')],
  'deno (minimal)': [...DENO_RUN, join(ROOT, 'bench/minimal/deno.ts')],
};

/** How every proxy under load is started: `base` (the mock) as its backend, a free port, no per-request log lines. */
export const benchEnv = (base: string) => ({ FAST_BASE_URL: `${base}/v1`, FAST_MODEL_NAME: 'bench-model', PROXY_PORT: '0', LOG_LEVEL: 'warn' });

// ---- processes ----------------------------------------------------------------------------

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return cpus().length >= 2;
  } catch {
    return false;
  }
}

/** The proxy under test on core 0, everything else (mock, wrk, the benchmark's clients) on core 1; undefined when that cannot be done. */
export const PIN = hasTaskset() ? { gateway: '0', load: '1' } : undefined;

/** Spawns a command on a core, with only PATH and HOME from this environment. */
export function start(command: string[], env: Record<string, string>, core: string | undefined): ChildProcess {
  const [cmd, ...args] = core ? ['taskset', '-c', core, ...command] : command;
  return spawn(cmd!, args, { env: { PATH: `${BIN}:${process.env.PATH}`, HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd: TMP });
}

/** The first match of `pattern` in a child's standard output, within 20 s. */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`no match for ${pattern} in 20 s:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
  });
}

/** Spawn to the first 200 from a chat request through it (or from /health, for a gateway whose backends fail on purpose). */
export async function startupMs(command: string[], env: Record<string, string>, ready: 'chat' | 'health' = 'chat'): Promise<{ ms: number; child: ChildProcess; origin: string }> {
  const t0 = performance.now();
  const child = start(command, env, PIN?.gateway);
  const m = await waitForLine(child, /listening on (http:\/\/\S+?)\/v1/);
  const origin = m[1]!;
  for (let i = 0; i < 200; i++) {
    const probe = ready === 'health' ? fetch(`${origin}/health`) : fetch(`${origin}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"messages":[]}' });
    const ok = await probe
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return { ms: performance.now() - t0, child, origin };
    await sleep(5);
  }
  throw new Error(`${command.join(' ')} never answered`);
}

/** Kills a gateway and waits until it has exited, so the next one starts on a quiet core. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill();
  await exited;
}

const stat = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
/** A process's CPU time so far, in clock ticks (utime + stime, every thread). */
export const cpuTicks = (pid: number) => Number(stat(pid)[11]) + Number(stat(pid)[12]);
/** A memory figure of /proc/PID/status (VmRSS, VmHWM), in MB. */
export const status = (pid: number, key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
/** One clock tick, in µs. */
export const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);
/** A promise that resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- load ---------------------------------------------------------------------------------

/** One wrk step's figures. */
export interface Wrk {
  requests: number;
  rps: number;
  errors: number;
  non2xx: number;
  p50Ms: number;
  p99Ms: number;
}

/** A wrk step on core 1: `connections` connections POSTing the body in `bodyFile` to `path` for `seconds`. */
export function wrk(origin: string, connections: number, bodyFile: string, seconds: number, path = '/v1/chat/completions'): Wrk {
  const [cmd, args, env] = wrkCommand(origin, connections, bodyFile, seconds, path);
  return wrkFigures(execFileSync(cmd, args, { env }).toString());
}

/** The same, without blocking: for warm-ups that run side by side. */
export function wrkAsync(origin: string, connections: number, bodyFile: string, seconds: number, path = '/v1/chat/completions'): Promise<Wrk> {
  const [cmd, args, env] = wrkCommand(origin, connections, bodyFile, seconds, path);
  return new Promise((ok, fail) => execFile(cmd, args, { env }, (err, out) => (err ? fail(err) : ok(wrkFigures(out)))));
}

function wrkCommand(origin: string, connections: number, bodyFile: string, seconds: number, path: string): [string, string[], NodeJS.ProcessEnv] {
  const threads = Math.min(connections, 2);
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '-s', join(ROOT, 'bench/post.lua'), origin];
  const [cmd, ...rest] = PIN ? ['taskset', '-c', PIN.load, 'wrk', ...args] : ['wrk', ...args];
  return [cmd!, rest, { ...process.env, BENCH_BODY_FILE: bodyFile, BENCH_PATH: path }];
}

function wrkFigures(out: string): Wrk {
  const r = JSON.parse(/WRK (\{.*\})/.exec(out)![1]!);
  return { requests: r.requests, rps: r.requests / (r.duration_us / 1e6), errors: r.errors, non2xx: r.non2xx, p50Ms: r.p50_us / 1000, p99Ms: r.p99_us / 1000 };
}

/** The keep-alive agent of the benchmark's own clients. */
export const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** A JSON POST through a proxy, read whole: its status, text, and when its first chunk came (ms after sending). */
export function postTimed(url: string, body: string): Promise<{ status: number; text: string; firstChunkMs: number }> {
  return new Promise((ok, fail) => {
    const t0 = performance.now();
    let firstChunkMs = Number.NaN;
    const chunks: Buffer[] = [];
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.on('data', (d: Buffer) => {
        if (chunks.length === 0) firstChunkMs = performance.now() - t0;
        chunks.push(d);
      });
      res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString(), firstChunkMs }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

// ---- numbers ------------------------------------------------------------------------------

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** The arithmetic mean. */
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** A figure for the report, `—` when missing. */
export const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
