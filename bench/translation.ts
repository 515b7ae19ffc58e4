// What translating a call costs (issues 18 and 19): each gateway with its default config, whose
// backend speaks only chat completions, serving chat completions passed through beside an OpenAI
// Responses call and an Anthropic Messages call translated onto chat completions and back. The
// same mock answer for all three; CPU per non-streamed request and per streamed event from /proc,
// in rounds (a fresh gateway each, the three calls alternating in it, in a rotating order), and
// the time to first chunk of each. Targets: at most ~25% more CPU per request than passthrough,
// at most 0.1 ms added per streamed event.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, type Gateway, TICK_US, TMP, benchEnv, cpuTicks, f, median, postTimed, startupMs, stop, wrk, wrkAsync } from './harness.ts';
import { CALLS, type Call, PATHS, bodyOf, wrongAnswer, wrongStream } from './translation-calls.ts';

/** How long and how often (full and quick runs differ). */
export interface TranslationSettings {
  rounds: number;
  /** each non-streamed CPU step (two per call and round), at 32 connections */
  cpuSeconds: number;
  /** each streamed CPU step (two per call and round), at STREAM_CONNECTIONS connections */
  streamSeconds: number;
  /** content events per measured stream */
  streamEvents: number;
  /** the warm-up of each round, every call side by side */
  warmSeconds: number;
  /**
   * Passes there and back per round of the non-streamed steps (A B C C B A, each call measured
   * twice a pass; the streamed steps take one); 0 measures each call once (A B C).
   */
  passes: number;
  /** streams per call whose time to first chunk is taken */
  firstChunks: number;
}

/** One gateway's figures. */
export interface TranslationRow {
  gateway: Gateway;
  rounds: TranslationRound[];
  /** median time to first chunk, ms */
  firstChunkMs: Record<Call, number>;
  /** what went wrong on the way (answers, stream ends, wrk errors); empty when all is well */
  failures: string[];
}

interface TranslationRound {
  /** the gateway's CPU time per non-streamed request, µs */
  requestUs: Record<Call, number>;
  /** the gateway's CPU time per streamed request divided by its content events, µs */
  eventUs: Record<Call, number>;
}

/**
 * Streams at once in the streamed CPU steps: a fraction of the core (about a third on Node), so
 * each event is read and written on its own; at 16 the core was full and events queued up.
 */
const STREAM_CONNECTIONS = 4;
/** Between a measured stream's events: each arrives on its own, as a model's tokens do. */
const GAP_MS = 1;

const files = (streamed: boolean) =>
  Object.fromEntries(
    CALLS.map((call) => {
      const file = join(TMP, `${call}${streamed ? '-stream' : ''}.json`);
      writeFileSync(file, bodyOf(call, streamed));
      return [call, file];
    }),
  ) as Record<Call, string>;

/** Every round, then the times to first chunk, of one gateway against the mock at `mock`. */
export async function measureTranslation(gateway: Gateway, mock: string, s: TranslationSettings): Promise<TranslationRow> {
  const bodies = { plain: files(false), streamed: files(true) };
  const failures: string[] = [];
  const rounds: TranslationRound[] = [];
  for (let i = 0; i < s.rounds; i++) rounds.push(await translationRound(gateway, mock, { s, bodies, failures, turn: i }));
  const firstChunkMs = await firstChunks(gateway, mock, s.firstChunks, failures);
  return { gateway, rounds, firstChunkMs, failures: [...new Set(failures)] };
}

interface RoundInput {
  s: TranslationSettings;
  bodies: { plain: Record<Call, string>; streamed: Record<Call, string> };
  failures: string[];
  /** which call goes first */
  turn: number;
}

/** One round in a fresh gateway: answers checked, a warm-up, then each call's CPU step, not streamed and streamed. */
async function translationRound(gateway: Gateway, mock: string, { s, bodies, failures, turn }: RoundInput): Promise<TranslationRound> {
  const { child, origin } = await startupMs(COMMANDS[gateway], benchEnv(`${mock}/chunks-${s.streamEvents}-gap-${GAP_MS}`));
  try {
    failures.push(...(await checkAnswers(origin, s.streamEvents)));
    // The JIT settles on each path: every call, streamed and not, side by side, then each alone
    // at the load it is measured at (after the side-by-side part alone, the first measured step
    // still absorbed compiles: Node read one call at 1.6x its later steps).
    await Promise.all(CALLS.flatMap((call) => [wrkAsync(origin, 8, bodies.plain[call], s.warmSeconds, PATHS[call]), wrkAsync(origin, 4, bodies.streamed[call], s.warmSeconds, PATHS[call])]));
    for (const call of CALLS) wrk(origin, 32, bodies.plain[call], s.cpuSeconds * 2, PATHS[call]);
    for (const call of CALLS) wrk(origin, STREAM_CONNECTIONS, bodies.streamed[call], s.streamSeconds, PATHS[call]);
    // There and back (A B C C B A), so a machine that speeds up or slows down over the round
    // weighs on each call alike; which call starts turns from one round to the next. Two passes
    // for the per-request ratio: with one, rounds of the same code read 0.76× to 1.50×.
    const order = CALLS.map((_, j) => CALLS[(j + turn) % CALLS.length]!);
    const passes = (n: number) => (n === 0 ? order : Array.from({ length: n }, () => [...order, ...order.toReversed()]).flat());
    const cpuUs = (file: (call: Call) => string, connections: number, seconds: number, steps: Call[]) => {
      const used = { chat: 0, responses: 0, messages: 0 };
      const requests = { chat: 0, responses: 0, messages: 0 };
      for (const call of steps) {
        const ticks0 = cpuTicks(child.pid!);
        const step = wrk(origin, connections, file(call), seconds, PATHS[call]);
        used[call] += (cpuTicks(child.pid!) - ticks0) * TICK_US;
        requests[call] += step.requests;
        if (step.errors + step.non2xx > 0) failures.push(`${call}: ${step.errors} errors and ${step.non2xx} non-2xx answers under load`);
      }
      return { chat: used.chat / requests.chat, responses: used.responses / requests.responses, messages: used.messages / requests.messages };
    };
    const requestUs = cpuUs((call) => bodies.plain[call], 32, s.cpuSeconds, passes(s.passes));
    const perStream = cpuUs((call) => bodies.streamed[call], STREAM_CONNECTIONS, s.streamSeconds, passes(Math.min(s.passes, 1)));
    const eventUs = { chat: perStream.chat / s.streamEvents, responses: perStream.responses / s.streamEvents, messages: perStream.messages / s.streamEvents };
    return { requestUs, eventUs };
  } finally {
    await stop(child);
  }
}

/** Each call once, not streamed and streamed: the answer is whole, in its protocol, and the stream ends cleanly. */
async function checkAnswers(origin: string, deltas: number): Promise<string[]> {
  const wrong: (string | undefined)[] = [];
  for (const call of CALLS) {
    const plain = await post(origin, call, false);
    wrong.push(wrongAnswer(call, plain.status, plain.text));
    const streamed = await post(origin, call, true);
    wrong.push(wrongStream(call, streamed.status, streamed.text, deltas));
  }
  return wrong.filter((w) => w !== undefined);
}

/**
 * The time to first chunk of each call, in a gateway of its own whose streams have two events
 * 10 ms apart (as the main table's): the calls alternate, a median of `count` each.
 */
async function firstChunks(gateway: Gateway, mock: string, count: number, failures: string[]): Promise<Record<Call, number>> {
  const { child, origin } = await startupMs(COMMANDS[gateway], benchEnv(`${mock}/chunks-2-gap-10`));
  try {
    const times: Record<Call, number[]> = { chat: [], responses: [], messages: [] };
    for (let i = 0; i < count; i++) {
      for (const call of CALLS) {
        const r = await post(origin, call, true);
        const wrong = wrongStream(call, r.status, r.text, 2);
        if (wrong) failures.push(wrong);
        times[call].push(r.firstChunkMs);
      }
    }
    return { chat: median(times.chat), responses: median(times.responses), messages: median(times.messages) };
  } finally {
    await stop(child);
  }
}

/** One call through the gateway, read whole: its status, text, and when its first chunk came (ms). */
function post(origin: string, call: Call, streamed: boolean) {
  return postTimed(`${origin}${PATHS[call]}`, bodyOf(call, streamed));
}

// ---- report -------------------------------------------------------------------------------

/** The translation table: one column per gateway, medians over the rounds with their spread. */
export function translationReport(rows: TranslationRow[], s: TranslationSettings): string {
  const n = s.rounds;
  const lines = [
    '### Translated calls beside chat passthrough',
    '',
    `Each gateway with its default config (the backend speaks only chat completions): chat completions passed through, an OpenAI Responses call and an Anthropic Messages call translated onto chat completions and back. Each is a small realistic request with the same content (instructions or system, a user message, two function tools; \`max_tokens\` for Messages), answered by the same chat completion. ${n} round${n === 1 ? '' : 's'} per gateway, each in a fresh process with the three calls alternating ${s.passes === 0 ? 'once (A B C)' : `there and back (A B C C B A, a different call first each round${s.passes > 1 ? `; ${s.passes} passes for the calls not streamed` : ''})`}: ${times(s.passes)}${s.cpuSeconds} s at 32 connections per non-streamed call, ${times(Math.min(s.passes, 1))}${s.streamSeconds} s at ${STREAM_CONNECTIONS} connections per streamed call (${s.streamEvents} content events ${GAP_MS} ms apart, with a role chunk, the finish, a usage chunk and [DONE]). Targets (issues 18 and 19): at most ~1.25× the CPU of passthrough per non-streamed request, at most 100 µs added per streamed event.`,
    '',
    `| | ${rows.map((r) => r.gateway).join(' | ')} |`,
    `|---|${rows.map(() => '---').join('|')}|`,
  ];
  const row = (label: string, cell: (r: TranslationRow) => string) => lines.push(`| ${label} | ${rows.map(cell).join(' | ')} |`);
  const spread = (r: TranslationRow, of: (x: TranslationRound) => number, digits: number, unit = '') => {
    const xs = r.rounds.map(of);
    return xs.length === 1 ? `${f(xs[0], digits)}${unit}` : `${f(median(xs), digits)}${unit} (${f(Math.min(...xs), digits)} to ${f(Math.max(...xs), digits)})`;
  };
  const of = n === 1 ? 'one round' : `median of ${n} rounds; lowest to highest`;
  row(`CPU per non-streamed request, µs: chat passthrough (${of})`, (r) => spread(r, (x) => x.requestUs.chat, 0));
  row('… Responses, translated', (r) => spread(r, (x) => x.requestUs.responses, 0));
  row('… Messages, translated', (r) => spread(r, (x) => x.requestUs.messages, 0));
  row(`Responses ÷ chat passthrough, per request (${n === 1 ? 'one round' : "median of the rounds' ratios; lowest to highest"})`, (r) => spread(r, (x) => x.requestUs.responses / x.requestUs.chat, 2, '×'));
  row('Messages ÷ chat passthrough, per request', (r) => spread(r, (x) => x.requestUs.messages / x.requestUs.chat, 2, '×'));
  row(`CPU per streamed event, µs: chat passthrough (CPU per stream ÷ ${s.streamEvents}; ${of})`, (r) => spread(r, (x) => x.eventUs.chat, 1));
  row('… Responses, translated', (r) => spread(r, (x) => x.eventUs.responses, 1));
  row('… Messages, translated', (r) => spread(r, (x) => x.eventUs.messages, 1));
  row(`added per streamed event by translation, µs: Responses (${n === 1 ? 'one round' : "median of the rounds' differences; lowest to highest"})`, (r) => spread(r, (x) => x.eventUs.responses - x.eventUs.chat, 1));
  row('… Messages', (r) => spread(r, (x) => x.eventUs.messages - x.eventUs.chat, 1));
  const added = (r: TranslationRow, call: Call) => `${f(r.firstChunkMs[call], 3)} (+${f(r.firstChunkMs[call] - r.firstChunkMs.chat, 3)})`;
  row(`stream: time to first chunk, ms: chat passthrough (median of ${s.firstChunks}, 2 events 10 ms apart)`, (r) => f(r.firstChunkMs.chat, 3));
  row('… Responses, translated (added)', (r) => added(r, 'responses'));
  row('… Messages, translated (added)', (r) => added(r, 'messages'));
  row('checks (answers, stream ends, errors under load)', (r) => (r.failures.length === 0 ? 'pass' : `FAIL: ${r.failures.join('; ')}`));
  lines.push('', `Within the targets (median ratio ≤ 1.25, median added per event ≤ 100 µs): ${rows.map((r) => `${r.gateway} ${withinTargets(r) ? 'yes' : 'NO'}`).join(', ')}.`, '');
  return lines.join('\n');
}

function withinTargets(r: TranslationRow): boolean {
  const ratio = (call: Call) => median(r.rounds.map((x) => x.requestUs[call] / x.requestUs.chat));
  const perEvent = (call: Call) => median(r.rounds.map((x) => x.eventUs[call] - x.eventUs.chat));
  return ratio('responses') <= 1.25 && ratio('messages') <= 1.25 && perEvent('responses') <= 100 && perEvent('messages') <= 100;
}

/** How many steps of each call `passes` take, in words. */
function times(passes: number): string {
  const steps = passes * 2;
  return steps <= 1 ? '' : steps === 2 ? 'twice ' : `${steps} times `;
}
