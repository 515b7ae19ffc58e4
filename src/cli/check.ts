import type { Backend } from '../config/types.ts';
import { type ParsedArgs, UsageError, stringFlag } from './args.ts';
import { checkConfig } from './check-config.ts';
import type { CliIo } from './io.ts';
import { type BackendVerdict, type ListProbe, type ProbeOptions, judgeBackend, probeModelList } from './probe-backend.ts';
import type { Problem } from './problem.ts';

const LABEL = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

/**
 * `understudy check`: every configuration problem at once, then a zero-token check of every
 * backend (its model list, with its key). Exit code 1 if the config is refused or any backend fails.
 */
export async function runCheck(args: ParsedArgs, io: CliIo): Promise<number> {
  const timeoutMs = 1000 * seconds(stringFlag(args, 'timeout') ?? '10');
  const now = io.now ?? (() => Date.now());
  const checked = await checkConfig({ env: io.env, readText: io.readText });
  const configOk = !checked.problems.some((p) => p.level === 'error');
  const verdicts = checked.config && !args.flags['config-only'] ? await probeAll(Object.values(checked.config.backends), { fetch: io.fetch, timeoutMs, now }) : [];
  const ok = configOk && verdicts.every((v) => v.level !== 'fail');
  if (args.flags.json) {
    io.out(JSON.stringify({ ok, sources: checked.sources, problems: checked.problems, backends: verdicts }, null, 2));
    return ok ? 0 : 1;
  }
  printProblems(checked.sources, checked.problems, io);
  if (!configOk) {
    io.out('Backends not checked: the gateway would refuse this config. Fix the errors above and run `understudy check` again.');
    return 1;
  }
  if (args.flags['config-only']) return 0;
  printVerdicts(verdicts, io);
  return ok ? 0 : 1;
}

function seconds(text: string): number {
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`check: --timeout must be a number of seconds above 0 (got "${text}")`);
  return n;
}

/** Probes every backend at once; backends that would send the same list request share one. */
function probeAll(backends: Backend[], options: ProbeOptions): Promise<BackendVerdict[]> {
  const shared = new Map<string, Promise<ListProbe>>();
  return Promise.all(
    backends.map(async (b) => {
      const identity = JSON.stringify([b.baseUrl, b.apiKey ?? null, b.api, b.policy.headers]);
      if (!shared.has(identity)) shared.set(identity, probeModelList(b, options));
      return judgeBackend(b, await shared.get(identity)!);
    }),
  );
}

function printProblems(sources: string[], problems: Problem[], io: CliIo): void {
  io.out(`Config (${sources.length > 0 ? sources.join(', ') : 'environment only'}):`);
  if (problems.length === 0) io.out('  ok       no problems');
  for (const p of problems) io.out(`  ${p.level.padEnd(7)}  ${p.key}: ${p.message}`);
}

function printVerdicts(verdicts: BackendVerdict[], io: CliIo): void {
  io.out('Backends (GET …/models with each key; no tokens spent):');
  const width = Math.max(...verdicts.map((v) => v.backend.length));
  for (const v of verdicts) io.out(`  ${LABEL[v.level]}  ${v.backend.padEnd(width)}  ${v.url}  ${v.detail}  (${v.ms} ms)`);
  const failed = verdicts.filter((v) => v.level === 'fail').length;
  const warned = verdicts.filter((v) => v.level === 'warn').length;
  io.out(failed > 0 ? `${failed} of ${verdicts.length} backends failed.` : `All ${verdicts.length} backends answered${warned ? ` (${warned} with a warning)` : ''}.`);
}
