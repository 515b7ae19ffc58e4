import { parse } from 'smol-toml';
import { buildConfig, isLoopback } from '../config/build-config.ts';
import { ConfigError } from '../config/config-error.ts';
import type { FileConfig } from '../config/file-schema.ts';
import { hasContent } from '../config/toml-file.ts';
import type { Backend, GatewayConfig } from '../config/types.ts';
import { fileProblems, referencedVariables, variableProblems } from './env-problems.ts';
import type { Env, ReadText } from './io.ts';
import { readSettings } from './settings.ts';
import { type Problem, error, warning } from './problem.ts';
import { schemaProblems } from './schema-problems.ts';

/** What `check` found in the configuration; `config` only when the gateway would start with it. */
export interface ConfigCheck {
  /** Where the settings came from: `.env`, `gateway.toml` (the ones that exist). */
  sources: string[];
  problems: Problem[];
  config?: GatewayConfig;
}

/**
 * Every problem with the configuration at once, each naming its key: the file's syntax, its
 * schema (with a did-you-mean for misspelt keys), the environment's values, and what the
 * gateway would refuse when building it. The gateway's own `buildConfig` has the last word:
 * if it refuses what these checks passed, its message is reported.
 */
export async function checkConfig({ env, readText }: { env: Env; readText: ReadText }): Promise<ConfigCheck> {
  const settings = await readSettings({ env, readText });
  const sources = [...(settings.dotenvKeys ? ['.env'] : []), ...(settings.tomlText !== undefined ? [settings.path] : [])];
  const problems: Problem[] = [];
  if (settings.missing) problems.push(error('GATEWAY_CONFIG', `names "${settings.path}", which does not exist`));
  let file: FileConfig | undefined = {};
  let badKeys: string[] = [];
  if (settings.tomlText !== undefined && hasContent(settings.tomlText)) {
    let raw: Record<string, unknown> | undefined;
    try {
      raw = parse(settings.tomlText);
    } catch (err) {
      problems.push(error(settings.path, tomlSyntax(err)));
    }
    const checked = raw ? schemaProblems(raw) : { problems: [], file: undefined, badKeys: [] };
    ({ file, badKeys } = checked);
    problems.push(...checked.problems);
  }
  problems.push(...variableProblems(settings.env, settings.dotenvKeys ?? [], referencedVariables(file)));
  // A key the schema already refused is not reported again as missing.
  if (file) problems.push(...fileProblems(file, settings.env).filter((p) => !badKeys.some((k) => nested(p.key, k) || nested(k, p.key))));
  if (!file || problems.some((p) => p.level === 'error')) return { sources, problems };
  try {
    const config = buildConfig(file, settings.env, settings.path);
    return { sources, problems: [...problems, ...backendWarnings(config)], config };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { sources, problems: [...problems, error('config', err.message.replace(/^Cannot (load config|start)( "[^"]*")?: /, ''))] };
  }
}

/** Whether key `a` is `b` or lies inside it (`backends.fast.model` in `backends.fast`). */
const nested = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);

/** smol-toml's error, first line, with where it is (its message shows it only in a code block). */
function tomlSyntax(err: unknown): string {
  const { message, line, column } = err as { message?: unknown; line?: unknown; column?: unknown };
  const first = String(message).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
  return typeof line === 'number' ? `line ${line}, column ${column}: ${first}` : first;
}

/** Backends that will most likely be refused: a hosted API with no key. */
function backendWarnings(config: GatewayConfig): Problem[] {
  return Object.values(config.backends)
    .filter((b: Backend) => b.apiKey === undefined && !isLoopback(new URL(b.baseUrl).hostname))
    .map((b) => warning(`backends.${b.name}`, 'has no API key; a hosted provider will refuse it'));
}
