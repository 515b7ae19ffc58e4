// Captures what the real clients send, as fixtures for the translators. Run inside the
// loopback-only namespace:  bash clients/run.sh exec node_modules/.bin/tsx clients/capture/capture.ts [name...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertLoopbackOnly } from '../lib/hermetic.ts';
import { type Recorded, startRecorder } from './recorder.ts';
import type { Outcome, Session } from './session.ts';
import { SESSIONS } from './sessions.ts';

const OUT = resolve(import.meta.dirname, '../../test/fixtures/clients');

// Retries resend the same body byte for byte; keep it once and point back to it.
function dedupeBodies(log: Recorded[]): Array<Omit<Recorded, 'body'> & { body: unknown }> {
  const seen = new Map<string, number>();
  return log.map((r, i) => {
    const key = JSON.stringify(r.body);
    const first = seen.get(key);
    if (first === undefined || r.body === null) {
      seen.set(key, i);
      return r;
    }
    return { ...r, body: `<same body as requests[${first}]>` };
  });
}

async function main(): Promise<void> {
  assertLoopbackOnly();
  mkdirSync(OUT, { recursive: true });
  const wanted = process.argv.slice(2);
  for (const session of SESSIONS.filter((s) => wanted.length === 0 || wanted.some((w) => s.name.startsWith(w)))) {
    const rec = await startRecorder({ ...session.script });
    const started = Date.now();
    let outcome: Outcome;
    try {
      outcome = await session.run(rec.url, rec);
    } finally {
      await rec.close();
    }
    const requests = dedupeBodies(rec.log);
    const fixture = { ...outcome, seconds: (Date.now() - started) / 1000, requests };
    const text = JSON.stringify(fixture, null, 2).replaceAll(rec.url, 'http://127.0.0.1:PORT');
    writeFileSync(join(OUT, `${session.name}.json`), `${text}\n`);
    const paths = rec.log.map((r) => `${r.method} ${r.url} -> ${r.answered}`).join('\n  ');
    console.log(`${session.name}: exit ${outcome.exit} in ${fixture.seconds}s\n  ${paths}\n  output: ${(outcome.output ?? '').slice(-600)}`);
  }
}

await main();
