import { spawnSync } from 'node:child_process';

/** Every sample of a text exposition, keyed by `name{labels}` exactly as written. */
export function parseSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** Whether the real `promtool` (Debian package `prometheus`) is on this machine. */
export const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

/** `promtool check metrics` on a text exposition: its exit code and what it said. */
export function promtoolCheck(text: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
