import type { Backend } from '../config/types.ts';
import { describeNetworkError } from '../upstream/network-error.ts';
import type { CliFetch } from './io.ts';
import { type ModelMatch, listedIds, matchModel } from './model-list.ts';

/** What `check` concludes about one backend. */
export type VerdictKind = 'ok' | 'bad-key' | 'model-not-listed' | 'unreachable' | 'no-model-list' | 'error';

export interface BackendVerdict {
  backend: string;
  verdict: VerdictKind;
  /** `fail` makes `check` exit 1; `warn` is a doubt it cannot clear without spending tokens. */
  level: 'ok' | 'warn' | 'fail';
  /** The list asked for (never a key). */
  url: string;
  status?: number;
  /** The verdict in words. */
  detail: string;
  /** Each configured model and how the list has it. */
  models: ModelMatch[];
  ms: number;
}

export interface ProbeOptions {
  fetch: CliFetch;
  /** The whole probe's limit (DNS, connect, TLS and the answer). */
  timeoutMs: number;
  now: () => number;
}

/** Speaks Anthropic's API: Messages natively, or Anthropic's own host (whose list wants its headers). */
const anthropicStyle = (b: Backend) => b.api.includes('messages') || new URL(b.baseUrl).hostname === 'api.anthropic.com';

/** Hosts whose model list is public: the key is verified by a second zero-token GET. */
const KEY_PATHS: Record<string, string> = { 'openrouter.ai': '/key' };

/** What a backend is sent on the list request: its own key, as its API wants it, and its static headers. */
function listRequest(b: Backend): { url: string; headers: Record<string, string> } {
  const headers: Record<string, string> = { accept: 'application/json', ...b.policy.headers };
  if (anthropicStyle(b)) {
    headers['anthropic-version'] = '2023-06-01';
    if (b.apiKey) headers['x-api-key'] = b.apiKey;
    return { url: `${b.baseUrl}/models?limit=1000`, headers };
  }
  if (b.apiKey) headers.authorization = `Bearer ${b.apiKey}`;
  return { url: `${b.baseUrl}/models`, headers };
}

/** The models a backend is configured to send: `model`, the `models` map's targets, `embedding_model`. */
export function configuredModels(b: Backend): string[] {
  return [...new Set([b.model, ...Object.values(b.models ?? {}), b.embeddingModel].filter((m): m is string => m !== undefined))];
}

/** What one list request found: a verdict already (no list), or the listed ids to judge the models against. */
export type ListProbe =
  | { kind: 'verdict'; verdict: Omit<BackendVerdict, 'backend' | 'models'> }
  | { kind: 'listed'; url: string; status: number; ids: string[]; ms: number };

/**
 * Checks one backend without spending a token: one `GET {base_url}/models` with its key covers
 * DNS, connect and TLS, tells whether the key is accepted, and lists the models to find the
 * configured ones in. Never a completion.
 */
export async function probeBackend(b: Backend, options: ProbeOptions): Promise<BackendVerdict> {
  return judgeBackend(b, await probeModelList(b, options));
}

/** The list request for one backend (several backends with the same URL and key can share it). */
export async function probeModelList(b: Backend, { fetch, timeoutMs, now }: ProbeOptions): Promise<ListProbe> {
  const { url, headers } = listRequest(b);
  const started = now();
  const shown = url.replace(/\?.*$/, '');
  const verdict = (v: Pick<BackendVerdict, 'verdict' | 'level' | 'detail'> & { status?: number }): ListProbe => ({
    kind: 'verdict',
    verdict: { url: shown, ...v, ms: Math.round(now() - started) },
  });
  let res: Response;
  try {
    res = await fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const why = (err as Error)?.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : describeNetworkError(err);
    return verdict({ verdict: 'unreachable', level: 'fail', detail: `unreachable: ${why}` });
  }
  const body = await readJson(res);
  const status = res.status;
  if (status === 401 || status === 403) return verdict({ verdict: 'bad-key', level: 'fail', status, detail: badKey(b, status, body) });
  if (status === 429) return verdict({ verdict: 'no-model-list', level: 'warn', status, detail: 'rate-limited (429): the key was probably accepted; the model is not verified' });
  if (status >= 500) return verdict({ verdict: 'error', level: 'fail', status, detail: `the provider answered ${status}${providerMessage(body, b.apiKey)}` });
  const ids = status < 300 ? listedIds(body) : undefined;
  if (!ids) {
    const what = status < 300 ? `${status}, but not a model list` : `${status}`;
    return verdict({ verdict: 'no-model-list', level: 'warn', status, detail: `no model list (answered ${what}): the key and the model cannot be verified without spending tokens` });
  }
  const keyCheck = await verifyKey(b, headers, { fetch, timeoutMs, now });
  if (keyCheck) return verdict({ ...keyCheck, level: 'fail' });
  return { kind: 'listed', url: shown, status, ids, ms: Math.round(now() - started) };
}

/** A backend's verdict from its list probe: its configured models looked up in the list. */
export function judgeBackend(b: Backend, probe: ListProbe): BackendVerdict {
  if (probe.kind === 'verdict') return { backend: b.name, models: [], ...probe.verdict };
  const { url, status, ids, ms } = probe;
  return { backend: b.name, url, status, ms, ...judgeModels(b, ids) };
}

/** What a listing proves: a key accepted, or (with no key) only that the server answers. */
const answered = (b: Backend) => (b.apiKey === undefined ? 'answered (no key)' : 'key accepted');

/** The configured models against the list. */
function judgeModels(b: Backend, ids: string[]): Pick<BackendVerdict, 'verdict' | 'level' | 'detail' | 'models'> {
  const models = configuredModels(b).map((m) => matchModel(m, ids));
  const missing = models.filter((m) => m.listedAs === undefined);
  if (missing.length > 0) {
    const detail = missing.map((m) => `"${m.model}" is not listed${m.closest.length ? ` (closest: ${m.closest.join(', ')})` : ''}`).join('; ');
    return { verdict: 'model-not-listed', level: 'fail', detail: `${answered(b)}, but ${detail}`, models };
  }
  const named = models.map((m) => (m.listedAs === m.model ? m.model : `${m.model} (as ${m.listedAs})`));
  const detail = named.length > 0 ? `${answered(b)}, ${named.join(', ')} listed` : `${answered(b)}, ${ids.length} models listed (none forced: the client's model passes through)`;
  return { verdict: 'ok', level: 'ok', detail, models };
}

/** Where the list is public, the key's own zero-token endpoint; a refusal there is a bad key. */
async function verifyKey(b: Backend, headers: Record<string, string>, { fetch, timeoutMs }: ProbeOptions): Promise<Pick<BackendVerdict, 'verdict' | 'status' | 'detail'> | undefined> {
  const path = KEY_PATHS[new URL(b.baseUrl).hostname];
  if (!path) return undefined;
  try {
    const res = await fetch(`${b.baseUrl}${path}`, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
    const body = await readJson(res);
    if (res.status === 401 || res.status === 403) return { verdict: 'bad-key', status: res.status, detail: badKey(b, res.status, body) };
  } catch {
    // The list answered; a failed key check on top of it proves nothing either way.
  }
  return undefined;
}

function badKey(b: Backend, status: number, body: unknown): string {
  const why = b.apiKey === undefined ? ': no key is configured for it' : providerMessage(body, b.apiKey);
  return `bad key (${status})${why}`;
}

/** The provider's own error message, short, with the key taken out should it be echoed. */
function providerMessage(body: unknown, key: string | undefined): string {
  const error = (body as { error?: unknown } | null)?.error;
  const message = typeof error === 'string' ? error : (error as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string' || message.trim() === '') return '';
  let text = message.trim().replace(/\s+/g, ' ');
  if (key) text = text.replaceAll(key, '[redacted]');
  return `: ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`;
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return JSON.parse(await res.text());
  } catch {
    return undefined;
  }
}
