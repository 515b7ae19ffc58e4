// The ways the gateway is started for the black-box suite: in-process on Node, and each real
// runtime entry as a child process. Every target answers on a loopback port it picked itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type HttpBindings, serve } from '@hono/node-server';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config/load-config.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'node_modules/.bin');

export interface Gateway {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The gateway's own process, for child targets. */
  pid?: number;
  output(): string;
  /** Sends the signal and resolves with the exit code (null for the in-process target). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  cwd?: string;
  /** gateway.toml text, written to the working directory (or loaded directly in-process). */
  toml?: string;
  /** The command line instead of the target's default, e.g. `bun run start`. */
  command?: string[];
}

export interface Target {
  name: 'in-process' | 'node' | 'bun' | 'deno';
  start(env: Record<string, string>, opts?: StartOptions): Promise<Gateway>;
}

export const inProcess: Target = {
  name: 'in-process',
  async start(env, opts = {}) {
    const app = createApp({
      config: loadConfig(opts.toml, { PROXY_PORT: '0', ...env }),
      fetch: globalThis.fetch,
      clientAddress: (c) => (c.env as HttpBindings).incoming.socket.remoteAddress,
      headerLines: (c) => (c.env as HttpBindings).incoming.rawHeaders.length / 2,
    });
    const host = env.BIND_HOST ?? '127.0.0.1';
    const server = await new Promise<ReturnType<typeof serve>>((ok) => {
      const s = serve({ fetch: app.fetch, hostname: host, port: 0 }, () => ok(s));
    });
    const { port } = server.address() as AddressInfo;
    return {
      origin: `http://${host}:${port}`,
      output: () => '',
      stop: () => new Promise((ok) => {
        server.close(() => ok(null));
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
    };
  },
};

export const COMMANDS = {
  node: [process.execPath, join(ROOT, 'dist/node.js')],
  bun: [join(BIN, 'bun'), join(ROOT, 'runtimes/bun.ts')],
  deno: [join(BIN, 'deno'), 'run', '--allow-net', '--allow-env', '--allow-read', join(ROOT, 'runtimes/deno.ts')],
};

export interface ChildTarget extends Target {
  name: 'node' | 'bun' | 'deno';
}

function childTarget(name: ChildTarget['name']): ChildTarget {
  return {
    name,
    start: (env, opts = {}) => {
      const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), 'understudy-'));
      if (opts.toml !== undefined) writeFileSync(join(cwd, 'gateway.toml'), opts.toml);
      return spawnGateway(opts.command ?? COMMANDS[name], env, cwd);
    },
  };
}

export const nodeTarget = childTarget('node');
export const bunTarget = childTarget('bun');
export const denoTarget = childTarget('deno');

/** Runs a command to completion (for start-up errors): exit code and all output. */
export function runToExit(command: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; output: string }> {
  const child = spawnChild(command, env, cwd);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((ok) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      ok({ code, output });
    }),
  );
}

function spawnChild(command: string[], env: Record<string, string>, cwd: string): ChildProcess {
  // Only what a runtime needs from the outside; a developer's own FAST_* never leaks in.
  const base = { PATH: `${BIN}:${process.env.PATH}`, HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' };
  return spawn(command[0]!, command.slice(1), { cwd, env: { PROXY_PORT: '0', ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

const LISTENING = /listening on http:\/\/(\S+?):(\d+)\/v1/;

async function spawnGateway(command: string[], env: Record<string, string>, cwd: string): Promise<Gateway> {
  const child = spawnChild(command, env, cwd);
  let output = '';
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const origin = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${command.join(' ')} did not start in 20 s:\n${output}`)), 20_000);
    const onData = (d: Buffer) => {
      output += d;
      const m = LISTENING.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(`http://${m[1]}:${m[2]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (output += d));
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`${command.join(' ')} exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    origin,
    pid: child.pid,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null) return child.exitCode;
      // The whole group: `bun run` and `deno task` start the gateway as their own child.
      process.kill(-child.pid!, signal);
      const killer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}
