// `npm run bench:compare -- <other checkout> [node|bun|deno]`: this checkout's gateway against
// another's (an older commit, say: `git worktree add ../old <commit>`, then `npm install` and
// `npm run build` there), served AT THE SAME TIME, both pinned to one core, each under its own
// wrk on the other core, chat passthrough: CPU per request of each over the same seconds, so the
// machine's mood weighs on both alike (alternating steps moved single readings by ±30% here).
// `CALL=responses` or `CALL=messages` compares that translated call instead (the translation
// step's bodies, bench/translation-calls.ts). Prints each round's ratio; writes nothing. Read it
// while the load core has room: when it is full, both gateways wait on it and the ratio is pulled
// toward 1. Two builds on one call only: two different calls side by side read alike whatever
// they cost (the cheaper gateway idles more and pays more per request).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CALLS, type Call, PATHS, bodyOf } from './translation-calls.ts';
import { BIN, type Gateway, PIN, ROOT, TMP, TICK_US, benchEnv, cpuTicks, gatewayCommand, median, start, startupMs, stop, waitForLine, wrkAsync } from './harness.ts';

const [other, gateway = 'node'] = process.argv.slice(2);
if (!other || !['node', 'bun', 'deno'].includes(gateway)) throw new Error('usage: npm run bench:compare -- <other checkout> [node|bun|deno]');
const theirs = resolve(other);
if (gateway === 'node' && !existsSync(join(theirs, 'dist/node.js'))) throw new Error(`${theirs} has no dist/node.js: run npm run build there first`);
if (spawnSync('wrk', ['--version']).error !== undefined) throw new Error('wrk is missing: apt-get install wrk (npm run bench installs it too)');
if (!PIN) console.log('warning: no taskset or second core: the two gateways are not pinned');

const ROUNDS = Number(process.env.ROUNDS ?? 5); // more rounds narrow the median on a noisy machine
const SECONDS = 6;
const call = process.env.CALL as Call | undefined;
if (call !== undefined && !CALLS.includes(call)) throw new Error(`CALL=${call}: it is one of ${CALLS.join(', ')}`);
const path = call ? PATHS[call] : '/v1/chat/completions';
const body = join(TMP, `compare-${call ?? 'small'}.json`);
writeFileSync(body, call ? bodyOf(call, false) : JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Say hello in one short sentence.' }] }));
const mockProc = start([join(BIN, 'bun'), join(ROOT, 'bench/mock-upstream.ts')], {}, PIN?.load);
const mock = `http://127.0.0.1:${(await waitForLine(mockProc, /mock listening on (\d+)/))[1]}`;
const [ours, old] = await Promise.all([startupMs(gatewayCommand(gateway as Gateway), benchEnv(mock)), startupMs(gatewayCommand(gateway as Gateway, theirs), benchEnv(mock))]);
try {
  // Both warm until the JIT has settled (docs/performance.md), side by side.
  await Promise.all([wrkAsync(ours.origin, 16, body, 5, path), wrkAsync(old.origin, 16, body, 5, path)]);
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const t0 = [cpuTicks(ours.child.pid!), cpuTicks(old.child.pid!)];
    const [a, b] = await Promise.all([wrkAsync(ours.origin, 16, body, SECONDS, path), wrkAsync(old.origin, 16, body, SECONDS, path)]);
    const usOurs = ((cpuTicks(ours.child.pid!) - t0[0]!) * TICK_US) / a.requests;
    const usOld = ((cpuTicks(old.child.pid!) - t0[1]!) * TICK_US) / b.requests;
    if (a.errors + a.non2xx + b.errors + b.non2xx > 0) throw new Error('errors under load: the comparison is void');
    ratios.push(usOurs / usOld);
    console.log(`round ${round}: this checkout ${usOurs.toFixed(0)} µs per request, ${theirs} ${usOld.toFixed(0)} µs: ${(usOurs / usOld).toFixed(3)}×`);
  }
  console.log(`${gateway}${call ? ` ${call}` : ''}: this checkout ÷ ${theirs}, CPU per request: median ${median(ratios).toFixed(3)}× (${Math.min(...ratios).toFixed(3)} to ${Math.max(...ratios).toFixed(3)})`);
} finally {
  await Promise.all([stop(ours.child), stop(old.child)]);
  mockProc.kill();
  rmSync(TMP, { recursive: true, force: true });
}
