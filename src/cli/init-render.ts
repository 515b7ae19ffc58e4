import type { KeySource, Role, RoleChoice } from './init-plan.ts';
import { gatewayKeyVar } from './init-plan.ts';

const ROLES: readonly Role[] = ['fast', 'smart'];

/** A `.env` value, quoted only when it must be (the gateway's `.env` reader takes the quotes off). */
export function dotenvValue(value: string): string {
  return /^[^\s#"'\\]*$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** A TOML basic string: JSON's escapes are TOML's. */
const tomlString = (value: string) => JSON.stringify(value);

/** The `.env` form: FAST_* and SMART_*, keys written unless the environment already has them. */
export function renderDotenv(roles: Record<Role, RoleChoice>, keys: Record<Role, KeySource>): string {
  const lines = [
    '# understudy .env, written by `understudy init`. Real environment variables win over this file.',
    '# Every setting is described in .env.example; check this one with `understudy check`.',
  ];
  for (const role of ROLES) {
    const { preset, baseUrl, model } = roles[role];
    const prefix = role.toUpperCase();
    lines.push('', `# ${role}: ${preset.label}`);
    if (preset.api.includes('messages') && !preset.api.includes('chat')) {
      lines.push(
        `# ${preset.label}'s OpenAI-compatible chat endpoint. As a native Messages backend (api = ["messages"])`,
        '# it needs gateway.toml: `understudy init --toml`.',
      );
    }
    lines.push(`${prefix}_BASE_URL=${dotenvValue(baseUrl)}`);
    lines.push(...dotenvKeyLines(role, roles[role], keys[role]));
    lines.push(model ? `${prefix}_MODEL_NAME=${dotenvValue(model)}` : unsetModelNote(role, roles.fast.model));
  }
  return `${lines.join('\n')}\n`;
}

/** No model for a role: the client's passes through, except that in .env SMART_MODEL_NAME falls back to FAST_MODEL_NAME. */
function unsetModelNote(role: Role, fastModel: string | undefined): string {
  if (role === 'smart' && fastModel) return `# SMART_MODEL_NAME unset, so the fast model (${fastModel}) is sent; gateway.toml (init --toml) can let the request's model through`;
  return `# ${role.toUpperCase()}_MODEL_NAME unset: the request's model passes through (a server answers with what it has loaded)`;
}

function dotenvKeyLines(role: Role, { preset }: RoleChoice, key: KeySource): string[] {
  const name = gatewayKeyVar(role);
  switch (key.kind) {
    case 'none':
      return [`# no key: a server on this machine`];
    case 'same-as-fast':
      return [`# ${name} unset: the fast backend's key is used (same provider)`];
    case 'environment':
      return [`# ${name} is set in your environment, which wins over this file: not written here`];
    case 'found':
    case 'typed':
      return [`${name}=${dotenvValue(key.value)}`];
    case 'missing':
      return [`# your ${preset.label} key (${preset.keyEnv}) goes here:`, `${name}=`];
  }
}

/** The gateway.toml form: one [backends.*] table per role; keys by name (`api_key_env`) unless `writeKeys`. */
export function renderToml(roles: Record<Role, RoleChoice>, keys: Record<Role, KeySource>, writeKeys: boolean): string {
  const lines = [
    '# understudy gateway.toml, written by `understudy init`. Keys are read from the environment',
    '# (api_key_env), or from .env beside this file; the environment wins over this file.',
    '# Every key is documented in the gateway.toml shipped with understudy; check this one with',
    '# `understudy check`.',
  ];
  for (const role of ROLES) {
    const { preset, baseUrl, model } = roles[role];
    lines.push('', `[backends.${role}]   # ${preset.label}`, `base_url = ${tomlString(baseUrl)}`);
    lines.push(...tomlKeyLines(roles[role], keys[role], writeKeys));
    lines.push(model ? `model = ${tomlString(model)}` : '# no model: the one the server has loaded answers');
    lines.push(`api = [${preset.api.map(tomlString).join(', ')}]`);
    if (model && preset.reasoningModels?.includes(model)) {
      lines.push('reasoning = true', 'first_token_timeout = 300   # a thinking model: allow a long first token');
    }
  }
  lines.push(
    '',
    '# With backends fast and smart, fast = [fast, smart] and smart = [smart, fast] exist by default.',
    '# [aliases]',
    '# "gpt-*" = ["fast", "smart"]',
  );
  return `${lines.join('\n')}\n`;
}

function tomlKeyLines({ preset }: RoleChoice, key: KeySource, writeKeys: boolean): string[] {
  if (key.kind === 'none' || !preset.keyEnv) return ['# no key: a server on this machine'];
  if (writeKeys && 'value' in key) return [`api_key = ${tomlString(key.value)}`];
  return [`api_key_env = ${tomlString(preset.keyEnv)}`];
}

/**
 * The lines `.env` gets beside a gateway.toml: keys typed (or found under another name) that
 * the file names by `api_key_env`, so the gateway finds them. None with `--write-keys`.
 */
export function dotenvKeysForToml(roles: Record<Role, RoleChoice>, keys: Record<Role, KeySource>, writeKeys: boolean): Map<string, string> {
  const out = new Map<string, string>();
  if (writeKeys) return out;
  for (const role of ROLES) {
    const key = keys[role];
    const env = roles[role].preset.keyEnv;
    if (env && (key.kind === 'typed' || (key.kind === 'found' && key.name !== env))) out.set(env, key.value);
  }
  return out;
}
