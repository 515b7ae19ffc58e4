// What a real client's turn costs translated (part of the translation step): the first request
// of a `codex exec` turn (OpenAI Responses, 40 kB: instructions, 8 tools) and of a `claude -p`
// turn (Anthropic Messages, 49 kB: system, 12 tools), as captured by the client conformance
// suite, each streamed onto a chat-only backend beside the chat request it becomes, passed
// through. The small calls of the step above are the worst case for a ratio; these are what a
// Codex or Claude Code user's turn pays: CPU per turn and time to first chunk added.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.ts';
import { messages } from '../src/protocols/messages/protocol.ts';
import type { Protocol } from '../src/protocols/protocol.ts';
import { createResponsesProtocol } from '../src/protocols/responses/protocol.ts';
import { ResponseStore } from '../src/protocols/responses/store.ts';
import { COMMANDS, type Gateway, ROOT, TICK_US, TMP, benchEnv, cpuTicks, f, median, postTimed, startupMs, stop, wrk, wrkAsync } from './harness.ts';
import { wrongStream } from './translation-calls.ts';
import type { TranslationSettings } from './translation.ts';

/** A client's turn, and the chat request it becomes. */
type Turn = 'codex' | 'claude';
const TURNS: readonly Turn[] = ['codex', 'claude'];
type Leg = { path: string; body: string; file: string; check: 'responses' | 'messages' | 'chat' };

/** Streams at once in the CPU steps, as the step above. */
const CONNECTIONS = 4;
/** Each answer: 20 content events 1 ms apart (a short reply; per-event costs are the step above's). */
const MOCK_PATH = '/chunks-20-gap-1';
const EVENTS = 20;

/** One gateway's figures: per round, CPU per streamed turn; and the median time to first chunk. */
export interface TurnsRow {
  gateway: Gateway;
  rounds: Record<Turn, { translatedUs: number; passthroughUs: number }>[];
  firstChunkMs: Record<Turn, { translated: number; passthrough: number }>;
  failures: string[];
}

function captured(fixture: string): { path: string; body: Record<string, unknown> } {
  const exchange = (JSON.parse(readFileSync(join(ROOT, 'test/fixtures/clients', fixture), 'utf8')) as { requests: { url: string; body: Record<string, unknown> }[] }).requests[0]!;
  return { path: exchange.url, body: exchange.body };
}

/** Each turn as sent, and the chat request the gateway's default backend is sent for it (translated here as the gateway does). */
function legs(mock: string): Record<Turn, { translated: Leg; passthrough: Leg }> {
  const backend = loadConfig(undefined, benchEnv(mock)).backends.fast!;
  const codex = captured('codex-exec-text.json');
  const claude = captured('claude-code-print-text.json');
  const asChat = (protocol: Protocol, body: Record<string, unknown>) => protocol.translate!(body).chatRequest(backend, backend.model);
  const leg = (name: string, path: string, body: string, check: Leg['check']): Leg => {
    const file = join(TMP, `turn-${name}.json`);
    writeFileSync(file, body);
    return { path, body, file, check };
  };
  return {
    codex: {
      translated: leg('codex', codex.path, JSON.stringify(codex.body), 'responses'),
      passthrough: leg('codex-chat', '/v1/chat/completions', asChat(createResponsesProtocol(new ResponseStore()), codex.body), 'chat'),
    },
    claude: {
      translated: leg('claude', claude.path, JSON.stringify(claude.body), 'messages'),
      passthrough: leg('claude-chat', '/v1/chat/completions', asChat(messages, claude.body), 'chat'),
    },
  };
}

/** Every round (a fresh gateway each), then the times to first chunk. */
export async function measureTurns(gateway: Gateway, mock: string, s: TranslationSettings): Promise<TurnsRow> {
  const all = legs(mock);
  const failures: string[] = [];
  const rounds: TurnsRow['rounds'] = [];
  for (let i = 0; i < s.rounds; i++) rounds.push(await turnsRound(gateway, mock, all, s, failures, i));
  const firstChunkMs = await firstChunks(gateway, mock, all, s.firstChunks, failures);
  return { gateway, rounds, firstChunkMs, failures: [...new Set(failures)] };
}

async function turnsRound(gateway: Gateway, mock: string, all: ReturnType<typeof legs>, s: TranslationSettings, failures: string[], turn: number): Promise<TurnsRow['rounds'][number]> {
  const { child, origin } = await startupMs(COMMANDS[gateway], benchEnv(`${mock}${MOCK_PATH}`));
  try {
    const every = TURNS.flatMap((t) => [all[t].translated, all[t].passthrough]);
    for (const leg of every) failures.push(...check(leg, await post(origin, leg)));
    await Promise.all(every.map((leg) => wrkAsync(origin, CONNECTIONS, leg.file, s.warmSeconds, leg.path)));
    // There and back, each turn's two legs next to each other; which leg leads turns each round.
    const order = every.map((_, j) => every[(j + turn) % every.length]!);
    const used = new Map<Leg, { us: number; requests: number }>(every.map((leg) => [leg, { us: 0, requests: 0 }]));
    for (const leg of [...order, ...order.toReversed()]) {
      const ticks0 = cpuTicks(child.pid!);
      const step = wrk(origin, CONNECTIONS, leg.file, s.streamSeconds, leg.path);
      const u = used.get(leg)!;
      u.us += (cpuTicks(child.pid!) - ticks0) * TICK_US;
      u.requests += step.requests;
      if (step.errors + step.non2xx > 0) failures.push(`${leg.check} turn: ${step.errors} errors and ${step.non2xx} non-2xx answers under load`);
    }
    const per = (leg: Leg) => used.get(leg)!.us / used.get(leg)!.requests;
    return Object.fromEntries(TURNS.map((t) => [t, { translatedUs: per(all[t].translated), passthroughUs: per(all[t].passthrough) }])) as TurnsRow['rounds'][number];
  } finally {
    await stop(child);
  }
}

/** The time to first chunk of each leg in a gateway of its own (two events 10 ms apart), alternating; a median of `count` each. */
async function firstChunks(gateway: Gateway, mock: string, all: ReturnType<typeof legs>, count: number, failures: string[]): Promise<TurnsRow['firstChunkMs']> {
  const { child, origin } = await startupMs(COMMANDS[gateway], benchEnv(`${mock}/chunks-2-gap-10`));
  try {
    const times = new Map<Leg, number[]>();
    for (let i = 0; i < count; i++) {
      for (const t of TURNS) {
        for (const leg of [all[t].translated, all[t].passthrough]) {
          const r = await post(origin, leg);
          failures.push(...check(leg, r, 2));
          times.set(leg, [...(times.get(leg) ?? []), r.firstChunkMs]);
        }
      }
    }
    const at = (leg: Leg) => median(times.get(leg)!);
    return Object.fromEntries(TURNS.map((t) => [t, { translated: at(all[t].translated), passthrough: at(all[t].passthrough) }])) as TurnsRow['firstChunkMs'];
  } finally {
    await stop(child);
  }
}

function check(leg: Leg, r: { status: number; text: string }, deltas = EVENTS): string[] {
  const wrong = wrongStream(leg.check, r.status, r.text, deltas);
  return wrong === undefined ? [] : [`${leg.path} turn: ${wrong}`];
}

/** One leg through the gateway, read whole: status, text, and when its first chunk came (ms). */
function post(origin: string, leg: Leg) {
  return postTimed(`${origin}${leg.path}`, leg.body);
}

/** The turns table: one column per gateway. */
export function turnsReport(rows: TurnsRow[], s: TranslationSettings): string {
  const n = s.rounds;
  const lines = [
    '### A real client\'s turn, translated',
    '',
    `The first request of a \`codex exec\` turn (OpenAI Responses, 40 kB: instructions and 8 tools) and of a \`claude -p\` turn (Anthropic Messages, 49 kB: a system prompt and 12 tools), as the client conformance suite captured them, streamed and translated onto a chat-only backend, beside the chat request each becomes, passed through. Each answer is ${EVENTS} content events 1 ms apart. ${n} round${n === 1 ? '' : 's'} per gateway, each in a fresh process, the four alternating there and back: twice ${s.streamSeconds} s at ${CONNECTIONS} connections each. No target: these say what a Codex or Claude Code user's turn pays for translation.`,
    '',
    `| | ${rows.map((r) => r.gateway).join(' | ')} |`,
    `|---|${rows.map(() => '---').join('|')}|`,
  ];
  const row = (label: string, cell: (r: TurnsRow) => string) => lines.push(`| ${label} | ${rows.map(cell).join(' | ')} |`);
  const spread = (xs: number[], digits: number, unit = '') => (xs.length === 1 ? `${f(xs[0], digits)}${unit}` : `${f(median(xs), digits)}${unit} (${f(Math.min(...xs), digits)} to ${f(Math.max(...xs), digits)})`);
  const name: Record<Turn, string> = { codex: 'Codex turn (Responses)', claude: 'Claude Code turn (Messages)' };
  for (const t of TURNS) {
    row(`${name[t]}: CPU per turn, µs, translated (${n === 1 ? 'one round' : `median of ${n} rounds; lowest to highest`})`, (r) => spread(r.rounds.map((x) => x[t].translatedUs), 0));
    row('… its chat request passed through', (r) => spread(r.rounds.map((x) => x[t].passthroughUs), 0));
    row(`… added by translation, µs (${n === 1 ? 'one round' : "median of the rounds' differences"})`, (r) => spread(r.rounds.map((x) => x[t].translatedUs - x[t].passthroughUs), 0));
    row(`… time to first chunk, ms: translated (added), median of ${s.firstChunks}`, (r) => `${f(r.firstChunkMs[t].translated, 3)} (+${f(r.firstChunkMs[t].translated - r.firstChunkMs[t].passthrough, 3)})`);
  }
  row('checks (answers, stream ends, errors under load)', (r) => (r.failures.length === 0 ? 'pass' : `FAIL: ${r.failures.join('; ')}`));
  lines.push('');
  return lines.join('\n');
}
