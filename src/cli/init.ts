import { parseDotenv } from '../config/dotenv.ts';
import { type ParsedArgs, UsageError, stringFlag } from './args.ts';
import { type InitFormat, type KeySource, type Role, type RoleChoice, chooseRoles, gatewayKeyVar, resolveKeys } from './init-plan.ts';
import { dotenvKeysForToml, dotenvValue, renderDotenv, renderToml } from './init-render.ts';
import type { CliIo, Env } from './io.ts';

/** Variables that win over what `init` writes, when set elsewhere. */
const OVERRIDES = ['BASE_URL', 'MODEL_NAME', 'API_KEY'].flatMap((f) => ['FAST', 'SMART', 'REAL'].map((p) => `${p}_${f}`));

/**
 * `understudy init`: writes `.env` (or `gateway.toml` with `--toml`) from provider presets,
 * asking on a terminal what the flags leave open. Refuses to replace a file without `--force`.
 */
export async function runInit(args: ParsedArgs, io: CliIo): Promise<number> {
  const format: InitFormat = args.flags.toml ? 'toml' : 'env';
  const writeKeys = args.flags['write-keys'] === true;
  if (writeKeys && format === 'env') throw new UsageError('init: --write-keys goes with --toml (a .env holds its keys anyway)');
  const path = format === 'env' ? '.env' : io.env.GATEWAY_CONFIG?.trim() || 'gateway.toml';
  if ((await io.readText(path)) !== undefined && !args.flags.force) {
    io.err(`init: ${path} exists; not replacing it (--force does)`);
    return 1;
  }
  const oldDotenvText = await io.readText('.env');
  const oldDotenv = oldDotenvText === undefined ? {} : parseDotenv(oldDotenvText);
  const roles = await chooseRoles(
    {
      fast: stringFlag(args, 'fast'),
      smart: stringFlag(args, 'smart'),
      fastModel: stringFlag(args, 'fast-model'),
      smartModel: stringFlag(args, 'smart-model'),
      fastBaseUrl: stringFlag(args, 'fast-base-url'),
      smartBaseUrl: stringFlag(args, 'smart-base-url'),
    },
    io.prompt,
    io.out,
  );
  const keys = await resolveKeys(roles, { format, env: io.env, oldDotenv, prompt: io.prompt });
  if (format === 'env') {
    await io.writeText(path, renderDotenv(roles, keys), { secret: true });
  } else {
    await io.writeText(path, renderToml(roles, keys, writeKeys), { secret: writeKeys });
    await addKeysToDotenv(dotenvKeysForToml(roles, keys, writeKeys), oldDotenvText, io);
  }
  report({ path, format, writeKeys, roles, keys }, io);
  if (keys.fast.kind === 'found' || keys.smart.kind === 'found') io.out('Keys were copied into .env; `understudy init --toml` names them instead (api_key_env), keeping them out of files.');
  for (const line of overridden(format, io.env, format === 'toml' ? oldDotenv : {})) io.out(line);
  io.out('Next: understudy check   (validates the config and asks each backend for its model list; no tokens spent)');
  return 0;
}

/** Keys typed for a gateway.toml go to `.env` under the name the file gives (`api_key_env`). */
async function addKeysToDotenv(keys: Map<string, string>, oldText: string | undefined, io: CliIo): Promise<void> {
  if (keys.size === 0) return;
  const lines = [...keys].map(([name, value]) => `${name}=${dotenvValue(value)}`);
  const head = oldText === undefined ? '# Keys gateway.toml names with api_key_env, written by `understudy init`.\n' : oldText.replace(/\n?$/, '\n');
  await io.writeText('.env', `${head}${lines.join('\n')}\n`, { secret: true });
}

interface Written {
  path: string;
  format: InitFormat;
  writeKeys: boolean;
  roles: Record<Role, RoleChoice>;
  keys: Record<Role, KeySource>;
}

function report({ path, format, writeKeys, roles, keys }: Written, io: CliIo): void {
  io.out(`Wrote ${path}:`);
  for (const role of ['fast', 'smart'] as const) {
    const { preset, baseUrl, model } = roles[role];
    io.out(`  ${role.padEnd(5)}  ${preset.label}  ${baseUrl}  model ${model ?? '(as requested)'}  key: ${describeKey(role, roles[role], keys[role], format, writeKeys)}`);
  }
}

function describeKey(role: Role, { preset }: RoleChoice, key: KeySource, format: InitFormat, writeKeys: boolean): string {
  const file = format === 'env' ? '.env' : 'gateway.toml';
  if (format === 'toml' && writeKeys && 'value' in key) return `written into ${file} (--write-keys)`;
  switch (key.kind) {
    case 'none':
      return 'none (a server on this machine)';
    case 'same-as-fast':
      return "the fast backend's (same provider)";
    case 'environment':
      return format === 'env' ? `${key.name} is already in your environment, so .env gets nothing for it` : `read from ${key.name}, which is set`;
    case 'found':
      return `copied from ${key.name} into .env as ${gatewayKeyVar(role)}`;
    case 'typed':
      return format === 'env' ? 'written to .env' : `written to .env as ${preset.keyEnv}`;
    case 'missing':
      return format === 'env' ? `none yet: put it in .env as ${gatewayKeyVar(role)}` : `none yet: set ${preset.keyEnv} (in the environment or .env)`;
  }
}

/** Warnings for variables set elsewhere that win over what was just written. */
function overridden(format: InitFormat, env: Env, dotenv: Env): string[] {
  const file = format === 'env' ? '.env' : 'gateway.toml';
  const lines: string[] = [];
  for (const name of OVERRIDES) {
    // The .env form leaves out a key the environment has (that one is meant), and its FAST_
    // values win over the legacy REAL_ ones wherever those are set.
    if (format === 'env' && (name.endsWith('_API_KEY') || name.startsWith('REAL'))) continue;
    const where = env[name]?.trim() ? 'your environment' : dotenv[name]?.trim() ? '.env' : undefined;
    if (where) lines.push(`Note: ${name} is set in ${where} and wins over ${file}; unset it to use what was written.`);
  }
  return lines;
}
