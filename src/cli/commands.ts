import type { CommandSpec, ParsedArgs } from './args.ts';
import { runAdmin } from './admin.ts';
import { runCheck } from './check.ts';
import { runExplain } from './explain.ts';
import { runInit } from './init.ts';
import type { CliIo } from './io.ts';
import { PRESETS } from './presets.ts';
import { runStatus } from './status.ts';

/** A command: its surface and what runs it. */
export interface Command extends CommandSpec {
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

const url = { name: 'url', value: '<url>', help: 'the running gateway (default: the configured host and port, e.g. http://127.0.0.1:8086)' };
const json = { name: 'json', help: 'print JSON for scripts' };

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'init',
    summary: 'write a working .env (or gateway.toml) from provider presets',
    usage: 'init [--fast <provider> --smart <provider>] [--toml] [--force] [--write-keys]',
    positionals: { min: 0, max: 0 },
    flags: [
      { name: 'fast', value: '<provider>', help: 'the fast backend\'s provider (asked on a terminal when left out)' },
      { name: 'smart', value: '<provider>', help: 'the smart backend\'s provider (default off a terminal: the fast one)' },
      { name: 'fast-model', value: '<model>', help: 'the fast model instead of the preset\'s' },
      { name: 'smart-model', value: '<model>', help: 'the smart model instead of the preset\'s' },
      { name: 'fast-base-url', value: '<url>', help: 'the fast provider\'s base URL instead of the preset\'s (a server elsewhere)' },
      { name: 'smart-base-url', value: '<url>', help: 'the smart provider\'s base URL instead of the preset\'s' },
      { name: 'toml', help: 'write gateway.toml (keys by name: api_key_env) instead of .env' },
      { name: 'force', help: 'replace the file if it exists' },
      { name: 'write-keys', help: 'with --toml: write the keys themselves into gateway.toml' },
    ],
    details: [
      `Providers: ${PRESETS.map((p) => p.id).join(', ')}.`,
      'Keys are read from the environment (e.g. DEEPSEEK_API_KEY) or typed without echo on a terminal.',
      '.env gets the keys (unless the environment already has them); gateway.toml names them (api_key_env),',
      'and keys typed for it go to .env under that name, unless --write-keys.',
    ],
    run: runInit,
  },
  {
    name: 'check',
    summary: 'validate the config, then check every backend without spending a token',
    usage: 'check [--json] [--timeout <seconds>] [--config-only]',
    positionals: { min: 0, max: 0 },
    flags: [json, { name: 'timeout', value: '<seconds>', help: 'time limit per backend (default 10)' }, { name: 'config-only', help: 'validate the config; contact no backend' }],
    details: [
      'Each backend gets one GET {base_url}/models with its key: DNS, connect, TLS, the key, and the model in the list.',
      'Never a completion. Exit code 1 if the config is refused or any backend fails.',
    ],
    run: runCheck,
  },
  {
    name: 'explain',
    summary: 'show where a model name or a request goes: alias, backends, models, translation',
    usage: 'explain <model> | --file <request.json> [--api <api>] [--url <url>] [--json]',
    positionals: { min: 0, max: 1 },
    flags: [
      { name: 'file', value: '<path>', help: 'a request body; its shape tells the API' },
      { name: 'api', value: '<api>', help: 'chat, completions, responses, messages or embeddings' },
      { ...url, help: 'also show each backend\'s health in the gateway running there' },
      json,
    ],
    run: runExplain,
  },
  {
    name: 'status',
    summary: 'a running gateway\'s backends: state, failures, cooldowns',
    usage: 'status [--url <url>] [--json]',
    positionals: { min: 0, max: 0 },
    flags: [url, json],
    run: runStatus,
  },
  {
    name: 'reload',
    summary: 'make the running gateway reload its config',
    usage: 'reload [--url <url>]',
    positionals: { min: 0, max: 0 },
    flags: [url],
    run: (args, io) => runAdmin('reload', args, io),
  },
  {
    name: 'rollback',
    summary: 'make the running gateway return to its last good config',
    usage: 'rollback [--url <url>]',
    positionals: { min: 0, max: 0 },
    flags: [url],
    run: (args, io) => runAdmin('rollback', args, io),
  },
];

/** `understudy --help`. */
export function generalHelp(): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'understudy: an OpenAI-compatible gateway with a fast and a smart backend',
    '',
    'Usage: understudy <command> [flags]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `understudy <command> --help` for its flags. Settings come from the environment, .env and',
    'gateway.toml (GATEWAY_CONFIG), as the gateway reads them.',
  ];
}

/** `understudy <command> --help`. */
export function commandHelp(c: CommandSpec): string[] {
  const width = Math.max(0, ...c.flags.map((f) => `--${f.name}${f.value ? ` ${f.value}` : ''}`.length));
  return [
    `understudy ${c.name}: ${c.summary}`,
    '',
    `Usage: understudy ${c.usage}`,
    ...(c.flags.length ? ['', 'Flags:', ...c.flags.map((f) => `  ${`--${f.name}${f.value ? ` ${f.value}` : ''}`.padEnd(width)}  ${f.help}`)] : []),
    ...(c.details?.length ? ['', ...c.details] : []),
  ];
}
