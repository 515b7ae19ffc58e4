import { type ParsedArgs, stringFlag } from './args.ts';
import { type HealthBackend, type HealthBody, askGateway, errorMessage, findGateway } from './gateway-client.ts';
import type { CliIo } from './io.ts';
import { relativeTime } from './time-words.ts';

/**
 * `understudy status`: a running gateway's backends from `GET /health` (state, consecutive
 * failures, the last failure and why, cooling until) and its default alias. Exit 1 when the
 * gateway cannot be reached.
 */
export async function runStatus(args: ParsedArgs, io: CliIo): Promise<number> {
  const target = await findGateway(io, stringFlag(args, 'url'));
  const answer = await askGateway(io, target, '/health');
  if (!answer.ok) {
    io.err(`status: ${answer.reason}`);
    return 1;
  }
  if (answer.status !== 200 || !isHealth(answer.body)) {
    io.err(`status: ${target.url}/health answered ${answer.status}${errorMessage(answer.body) ? `: ${errorMessage(answer.body)}` : ', not the gateway\'s health report'}`);
    return 1;
  }
  if (args.flags.json) {
    io.out(JSON.stringify({ url: target.url, ...answer.body }, null, 2));
    return 0;
  }
  for (const line of describeHealth(target.url, answer.body, (io.now ?? Date.now)())) io.out(line);
  return 0;
}

function isHealth(body: unknown): body is HealthBody {
  return typeof body === 'object' && body !== null && typeof (body as HealthBody).status === 'string';
}

/** The health report as terminal lines: a header, the aliases, one row per backend. */
export function describeHealth(url: string, health: HealthBody, now: number): string[] {
  if (!health.backends) {
    return [`Gateway ${url}: ${health.status}`, 'It shows backend detail only to this machine or to a client key: run status on the gateway\'s machine, or set GATEWAY_API_KEYS.'];
  }
  const lines = [`Gateway ${url}: ${health.status}, default alias "${health.default_alias ?? '?'}"`];
  const aliases = Object.entries(health.aliases ?? {}).map(([alias, chain]) => `${alias} → ${chain.join(', ')}`);
  if (aliases.length) lines.push(`Aliases: ${aliases.join('; ')}`);
  const rows = [['BACKEND', 'STATE', 'FAILURES', 'LAST FAILURE', 'COOLING UNTIL'], ...health.backends.map((b) => row(b, now))];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) lines.push(`  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}`);
  return lines;
}

function row(b: HealthBackend, now: number): string[] {
  const last = b.last_failure ? `${b.last_failure.reason} (${relativeTime(b.last_failure.at, now)})` : '-';
  const cooling = b.cooling_until ? `${b.cooling_until} (${relativeTime(b.cooling_until, now)})` : '-';
  return [b.name, b.state, String(b.consecutive_failures), last, cooling];
}
