import { type ParsedArgs, UsageError, stringFlag } from './args.ts';
import { explainRoute, type RouteExplanation, type RouteStep } from './explain-route.ts';
import { type HealthBackend, type HealthBody, askGateway, findGateway } from './gateway-client.ts';
import type { CliIo } from './io.ts';
import { REQUEST_APIS, type RequestApi, detectApi } from './request-shape.ts';
import { didYouMean } from './did-you-mean.ts';
import { relativeTime } from './time-words.ts';

const API_NAMES: Record<RequestApi, string> = {
  chat: 'chat completions',
  completions: 'text completions',
  responses: 'the Responses API',
  messages: 'Anthropic Messages',
  embeddings: 'embeddings',
};

/** What was asked: a model name, or a request file's model and API. */
interface Asked {
  model?: string;
  api: RequestApi;
  why: string;
}

/**
 * `understudy explain <model> | --file request.json`: the alias, the backends in order, the
 * model each is sent, passthrough or translation; with `--url`, each backend's health now.
 */
export async function runExplain(args: ParsedArgs, io: CliIo): Promise<number> {
  const asked = await readAsked(args, io);
  const url = stringFlag(args, 'url');
  const target = await findGateway(io, url);
  if (!target.config) {
    io.err(`explain: ${target.configError ?? 'no configuration'} (\`understudy check\` lists every problem)`);
    return 1;
  }
  const explanation = explainRoute(target.config, asked.model, asked.api);
  let health: Map<string, HealthBackend> | undefined;
  let healthProblem: string | undefined;
  if (url !== undefined) ({ health, problem: healthProblem } = await readHealth(io, target));
  if (args.flags.json) {
    const steps = explanation.steps.map((s) => ({ ...s, ...(health?.has(s.backend) ? { health: health.get(s.backend) } : {}) }));
    io.out(JSON.stringify({ ...explanation, api_reason: asked.why, steps, ...(healthProblem ? { health_error: healthProblem } : {}) }, null, 2));
  } else {
    for (const line of describeExplanation(explanation, asked.why, health, (io.now ?? Date.now)())) io.out(line);
  }
  if (healthProblem) io.err(`explain: health: ${healthProblem}`);
  return healthProblem ? 1 : 0;
}

async function readAsked(args: ParsedArgs, io: CliIo): Promise<Asked> {
  const file = stringFlag(args, 'file');
  const apiFlag = stringFlag(args, 'api');
  if (apiFlag !== undefined && !REQUEST_APIS.includes(apiFlag as RequestApi)) {
    throw new UsageError(`explain: --api must be one of ${REQUEST_APIS.join(', ')} (got "${apiFlag}")${didYouMean(apiFlag, REQUEST_APIS)}`);
  }
  if ((file === undefined) === (args.positionals[0] === undefined)) throw new UsageError('explain: give a model name or --file request.json (one of them)');
  if (file === undefined) return { model: args.positionals[0]!, api: (apiFlag as RequestApi) ?? 'chat', why: apiFlag ? 'as --api says' : 'a model name alone: chat completions unless --api says otherwise' };
  const text = await io.readText(file);
  if (text === undefined) throw new UsageError(`explain: ${file} does not exist`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`explain: ${file} is not JSON: ${(err as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UsageError(`explain: ${file} must hold one JSON object, a request body`);
  const record = body as Record<string, unknown>;
  const detected = apiFlag ? { api: apiFlag as RequestApi, why: 'as --api says' } : detectApi(record);
  return { ...(typeof record.model === 'string' ? { model: record.model } : {}), api: detected.api, why: detected.why };
}

async function readHealth(io: CliIo, target: Awaited<ReturnType<typeof findGateway>>): Promise<{ health?: Map<string, HealthBackend>; problem?: string }> {
  const answer = await askGateway(io, target, '/health');
  if (!answer.ok) return { problem: answer.reason };
  const body = answer.body as HealthBody | undefined;
  if (answer.status !== 200 || !body) return { problem: `${target.url}/health answered ${answer.status}` };
  if (!body.backends) return { problem: 'the gateway shows backend health only to this machine or a client key (set GATEWAY_API_KEYS)' };
  return { health: new Map(body.backends.map((b) => [b.name, b])) };
}

/** The explanation as terminal lines. */
export function describeExplanation(e: RouteExplanation, why: string, health: Map<string, HealthBackend> | undefined, now: number): string[] {
  const asked = e.requested === undefined ? 'A call naming no model' : `Model "${e.requested}"`;
  const how = e.match === 'exact' ? 'an alias of that name' : e.match === 'pattern' ? 'the most specific pattern that matches' : 'the default alias: no alias matches';
  const lines = [`${asked} → alias "${e.alias}" (${how})`, `API: ${API_NAMES[e.api]} (${why})`, 'Backends, in order:'];
  const width = Math.max(...e.steps.map((s) => s.backend.length));
  e.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${s.backend.padEnd(width)}  ${describeStep(s, e.api)}${healthWords(health?.get(s.backend), health !== undefined, now)}`));
  return lines;
}

function describeStep(s: RouteStep, api: RequestApi): string {
  if (s.route === 'skipped') return `skipped: ${s.note}`;
  const model = s.model === null ? 'model: none named' : `model "${s.model}" (${s.modelFrom})`;
  const route = s.route === 'translated' ? `translated from ${API_NAMES[api]} onto chat completions` : 'passthrough';
  return `${route}  → ${s.url}  ${model}${s.note ? `  [${s.note}]` : ''}`;
}

function healthWords(b: HealthBackend | undefined, asked: boolean, now: number): string {
  if (!asked) return '';
  if (!b) return '  [not in the running gateway: is it on another config?]';
  const n = b.consecutive_failures;
  const failures = n > 0 ? `, ${n} failure${n === 1 ? '' : 's'} in a row` : '';
  const last = b.last_failure ? `, last: ${b.last_failure.reason} ${relativeTime(b.last_failure.at, now)}` : '';
  const until = b.cooling_until ? ` until ${b.cooling_until} (${relativeTime(b.cooling_until, now)})` : '';
  return `  [${b.state}${until}${failures}${last}]`;
}
