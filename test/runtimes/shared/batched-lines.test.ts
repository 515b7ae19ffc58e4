import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchedLines } from '../../../runtimes/shared/batched-lines.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const turnEnd = () => new Promise((r) => setImmediate(r));

/** Runs `code` in a Node child with batchedConsole imported; its stdout and stderr. */
function child(code: string): { stdout: string; stderr: string } {
  const script = `import { batchedConsole } from './runtimes/shared/batched-lines.ts'; ${code}`;
  const { stdout, stderr } = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  return { stdout, stderr };
}

describe('batchedLines', () => {
  it('writes the lines of one turn together, in order, once the turn is over', async () => {
    const writes: string[] = [];
    const log = batchedLines((text) => writes.push(text), setImmediate);
    log('one');
    log('two');
    log('three');
    expect(writes).toEqual([]);
    await turnEnd();
    expect(writes).toEqual(['one\ntwo\nthree']);
  });

  it("writes a later turn's lines in a write of their own", async () => {
    const writes: string[] = [];
    const log = batchedLines((text) => writes.push(text), setImmediate);
    log('first');
    await turnEnd();
    log('second');
    await turnEnd();
    await turnEnd();
    expect(writes).toEqual(['first', 'second']);
  });

  it('flush writes what is pending at once, and the end of the turn adds nothing', async () => {
    const writes: string[] = [];
    const log = batchedLines((text) => writes.push(text), setImmediate);
    log('pending');
    log.flush();
    expect(writes).toEqual(['pending']);
    await turnEnd();
    log.flush();
    expect(writes).toEqual(['pending']);
  });
});

describe('batchedConsole', () => {
  it('writes the lines still pending when the process exits, each to its stream', () => {
    const exiting = child("const log = batchedConsole(setImmediate, (flush) => process.once('exit', flush)); log.out('started'); log.err('warn x'); log.out('closing'); process.exit(0);");
    expect(exiting).toEqual({ stdout: 'started\nclosing\n', stderr: 'warn x\n' });
    // Without the flush on exit those lines are lost: what the test above pins.
    expect(child("const log = batchedConsole(setImmediate, () => {}); log.out('started'); process.exit(0);").stdout).toBe('');
  });
});
