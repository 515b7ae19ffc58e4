import { normalizeBaseUrl } from '../config/build-config.ts';
import { ConfigError } from '../config/config-error.ts';
import { UsageError } from './args.ts';
import { closestNames } from './did-you-mean.ts';
import type { Env, Prompter } from './io.ts';
import { PRESETS, type ProviderPreset, findPreset } from './presets.ts';

/** The two backends `init` writes. */
export type Role = 'fast' | 'smart';
/** What `init` writes: `.env` (the FAST_ and SMART_ variables) or gateway.toml. */
export type InitFormat = 'env' | 'toml';

/** One backend `init` writes: a preset, with its URL and model as chosen. */
export interface RoleChoice {
  role: Role;
  preset: ProviderPreset;
  baseUrl: string;
  /** Undefined: the request's model passes through (a local server with one model loaded). */
  model?: string;
}

/** Where a backend's key comes from, and so what the written file says about it. */
export type KeySource =
  /** a server on this machine: no key */
  | { kind: 'none' }
  /** already where the gateway reads it (the real environment, or `.env` for gateway.toml): nothing to write */
  | { kind: 'environment'; name: string; value: string }
  /** the smart backend on the fast one's provider: the gateway reuses the fast key */
  | { kind: 'same-as-fast' }
  /** found under another name (the provider's usual variable, or the old `.env`): written */
  | { kind: 'found'; name: string; value: string }
  /** typed at the prompt: written */
  | { kind: 'typed'; value: string }
  /** nowhere: the file says where to put it */
  | { kind: 'missing' };

/** What the flags say, before any question. */
export interface InitRequest {
  fast?: string;
  smart?: string;
  fastModel?: string;
  smartModel?: string;
  fastBaseUrl?: string;
  smartBaseUrl?: string;
}

/**
 * The fast and smart backends, from the flags and, on a terminal, from questions for what
 * the flags leave open. Off a terminal, a missing `--smart` means the fast provider again.
 */
export async function chooseRoles(request: InitRequest, prompt: Prompter | undefined, out: (line: string) => void): Promise<Record<Role, RoleChoice>> {
  if (!request.fast && !prompt) throw new UsageError('init: not on a terminal, so nothing can be asked: say --fast <provider> (and --smart <provider>)');
  if (prompt && (!request.fast || !request.smart)) listPresets(out);
  const fastPreset = request.fast ? presetFlag(request.fast, 'fast') : await askPreset(prompt!, out, 'Fast backend (cheap and quick)');
  const fast = await choose('fast', fastPreset, request.fastModel, request.fastBaseUrl, request.fast ? undefined : prompt);
  const smartPreset = request.smart ? presetFlag(request.smart, 'smart') : prompt ? await askPreset(prompt, out, 'Smart backend (capable)', fastPreset) : fastPreset;
  const smart = await choose('smart', smartPreset, request.smartModel, request.smartBaseUrl, request.smart ? undefined : prompt);
  return { fast, smart };
}

async function choose(role: Role, preset: ProviderPreset, model: string | undefined, baseUrl: string | undefined, prompt: Prompter | undefined): Promise<RoleChoice> {
  let chosen = model ?? preset[role];
  if (model === undefined && prompt) chosen = (await prompt.ask(`${capitalize(role)} model (Enter keeps it): `, chosen ?? '')).trim() || undefined;
  return { role, preset, baseUrl: checkedUrl(baseUrl ?? preset.baseUrl, `--${role}-base-url`), ...(chosen ? { model: chosen } : {}) };
}

function checkedUrl(url: string, flag: string): string {
  try {
    return normalizeBaseUrl(url, flag);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`init: ${err.message.replace('Cannot load config: ', '')}`);
    throw err;
  }
}

function presetFlag(id: string, role: Role): ProviderPreset {
  const preset = findPreset(id);
  if (preset) return preset;
  const near = closestNames(id, PRESETS.map((p) => p.id), { limit: 1 })[0];
  throw new UsageError(`init: --${role} "${id}" is not a provider I know${near ? ` (did you mean "${near}"?)` : ''}; one of: ${PRESETS.map((p) => p.id).join(', ')}`);
}

function listPresets(out: (line: string) => void): void {
  out('Providers:');
  PRESETS.forEach((p, i) => out(`${String(i + 1).padStart(3)}  ${p.id.padEnd(11)} ${p.label}`));
}

/** Asks until the answer is a number from the list or a provider's name (three tries); Enter takes `fallback`. */
async function askPreset(prompt: Prompter, out: (line: string) => void, question: string, fallback?: ProviderPreset): Promise<ProviderPreset> {
  const hint = fallback ? `; Enter: ${fallback.id}` : '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = (await prompt.ask(`${question} [1-${PRESETS.length} or a name${hint}]: `)).trim();
    const preset = answer === '' ? fallback : /^\d+$/.test(answer) ? PRESETS[Number(answer) - 1] : findPreset(answer);
    if (preset) return preset;
    out(answer === '' ? 'Pick one from the list.' : `"${answer}" is not on the list.`);
  }
  throw new UsageError('init: no provider chosen');
}

const capitalize = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** The variable the `.env` form keeps a role's key in. */
export const gatewayKeyVar = (role: Role) => (role === 'fast' ? 'FAST_API_KEY' : 'SMART_API_KEY');

/**
 * Where each backend's key comes from: the environment (or the `.env` already there) first,
 * then a hidden question on a terminal. One question per provider, however many roles use it.
 */
export async function resolveKeys(
  roles: Record<Role, RoleChoice>,
  { format, env, oldDotenv, prompt }: { format: InitFormat; env: Env; oldDotenv: Env; prompt?: Prompter },
): Promise<Record<Role, KeySource>> {
  const typed = new Map<string, string>();
  const resolve = async (choice: RoleChoice): Promise<KeySource> => {
    const { preset } = choice;
    if (preset.local || !preset.keyEnv) return { kind: 'none' };
    if (format === 'env' && choice.role === 'smart' && sameOrigin(choice.baseUrl, roles.fast.baseUrl)) return { kind: 'same-as-fast' };
    const name = format === 'env' ? gatewayKeyVar(choice.role) : preset.keyEnv;
    if (set(env[name])) return { kind: 'environment', name, value: env[name]!.trim() };
    if (format === 'toml' && set(oldDotenv[name])) return { kind: 'environment', name, value: oldDotenv[name]!.trim() };
    // The old .env's FAST_/SMART_API_KEY only while it was for the same provider: never send one provider another's key.
    const oldUrl = oldDotenv[`${choice.role.toUpperCase()}_BASE_URL`];
    const places: Array<[Env, string]> = [[env, preset.keyEnv], [oldDotenv, preset.keyEnv]];
    if (format === 'env' && oldUrl && sameOrigin(oldUrl, choice.baseUrl)) places.push([oldDotenv, name]);
    for (const [source, where] of places) {
      if (set(source[where])) return { kind: 'found', name: where, value: source[where]!.trim() };
    }
    if (!prompt) return { kind: 'missing' };
    if (!typed.has(preset.keyEnv)) typed.set(preset.keyEnv, (await prompt.secret(`${preset.keyEnv} for ${preset.label} (hidden; Enter to skip): `)).trim());
    const value = typed.get(preset.keyEnv)!;
    return value ? { kind: 'typed', value } : { kind: 'missing' };
  };
  return { fast: await resolve(roles.fast), smart: await resolve(roles.smart) };
}

const set = (v: string | undefined): boolean => v !== undefined && v.trim() !== '';
function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
