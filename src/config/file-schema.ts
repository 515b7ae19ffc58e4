// zod/mini with only the English messages: the full `zod` import made the Node bundle several
// times larger, most of the gateway's start-up parse time (docs/performance.md).
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { ConfigError } from './config-error.ts';

z.config(en());

/** Seconds, fractions allowed; 0 means "no limit" where a limit is optional. */
const seconds = z.number().check(z.nonnegative());
const positive = z.number().check(z.positive());
const count = (min: number, max?: number) => z.int().check(z.gte(min), ...(max === undefined ? [] : [z.lte(max)]));
const name = z.string().check(z.minLength(1));

/** How the gateway treats one backend: settable in [defaults] and per backend. */
const policyKeys = {
  connect_timeout: z.optional(seconds),
  first_byte_timeout: z.optional(seconds),
  first_token_timeout: z.optional(seconds),
  idle_timeout: z.optional(seconds),
  total_timeout: z.optional(seconds),
  retries: z.optional(count(0, 10)),
  retry_backoff: z.optional(seconds),
  retry_after_max: z.optional(seconds),
  cooldown_after: z.optional(count(0)),
  cooldown: z.optional(seconds),
  headers: z.optional(z.record(z.string().check(z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name')), z.string())),
};

const backend = z.strictObject({
  base_url: z.optional(name),
  api_key: z.optional(name),
  /** The name of an environment variable holding the key, so the file can be shared. */
  api_key_env: z.optional(name),
  model: z.optional(name),
  /** Requested model name → this backend's name for it. */
  models: z.optional(z.record(name, name)),
  /** The APIs it speaks natively: "chat" (the default), "responses", "messages". */
  api: z.optional(z.array(z.enum(['chat', 'responses', 'messages'])).check(z.minLength(1))),
  /** It takes reasoning_effort and sends reasoning text back. */
  reasoning: z.optional(z.boolean()),
  embedding_model: z.optional(name),
  /** The most output tokens it takes: a translated call asking more is capped. */
  max_output_tokens: z.optional(count(1)),
  ...policyKeys,
});

/** The shape of `gateway.toml`. Unknown keys are errors so typos never pass silently. */
export const fileSchema = z.strictObject({
  default_alias: z.optional(name),
  server: z.optional(
    z.strictObject({
      host: z.optional(name),
      port: z.optional(count(0, 65535)),
      timeout: z.optional(seconds),
      max_body_mib: z.optional(positive),
      shutdown_grace: z.optional(seconds),
      /** Client keys; an entry "env:NAME" is read from that environment variable. */
      api_keys: z.optional(z.array(name)),
      allow_open_lan: z.optional(z.boolean()),
      client_timeout: z.optional(positive),
      max_concurrent: z.optional(count(1)),
      queue_timeout: z.optional(seconds),
      max_header_bytes: z.optional(count(1)),
      max_header_count: z.optional(count(1)),
    }),
  ),
  defaults: z.optional(z.strictObject(policyKeys)),
  streaming: z.optional(
    z.strictObject({
      keepalive_after: z.optional(seconds),
      keepalive_interval: z.optional(positive),
      resume: z.optional(z.boolean()),
    }),
  ),
  backends: z.optional(z.record(name, backend)),
  aliases: z.optional(z.record(name, z.array(name).check(z.minLength(1)))),
});

export type FileConfig = z.infer<typeof fileSchema>;
export type FileBackend = z.infer<typeof backend>;
export type FilePolicy = z.infer<z.ZodMiniObject<typeof policyKeys>>;

/** The parsed file, checked against the schema; a `ConfigError` naming the first bad key otherwise. */
export function validateFile(raw: unknown, source: string): FileConfig {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`Cannot load config "${source}": ${describeIssue(parsed.error.issues[0]!)}`);
  return parsed.data;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k));
    return `unknown key ${keys.join(', ')}`;
  }
  return `${path || 'the file'}: ${issue.message}`;
}
