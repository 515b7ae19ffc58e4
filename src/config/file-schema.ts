import { z } from 'zod';

/** Seconds, fractions allowed; 0 means "no limit" where a limit is optional. */
const seconds = z.number().nonnegative().finite();

/** How the gateway treats one backend: settable in [defaults] and per backend. */
const policyKeys = {
  connect_timeout: seconds.optional(),
  first_byte_timeout: seconds.optional(),
  first_token_timeout: seconds.optional(),
  idle_timeout: seconds.optional(),
  total_timeout: seconds.optional(),
  retries: z.number().int().min(0).max(10).optional(),
  retry_backoff: seconds.optional(),
  retry_after_max: seconds.optional(),
  cooldown_after: z.number().int().min(0).optional(),
  cooldown: seconds.optional(),
  headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name'), z.string()).optional(),
};

const backend = z.strictObject({
  base_url: z.string().min(1).optional(),
  api_key: z.string().min(1).optional(),
  /** The name of an environment variable holding the key, so the file can be shared. */
  api_key_env: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  /** Requested model name → this backend's name for it. */
  models: z.record(z.string().min(1), z.string().min(1)).optional(),
  ...policyKeys,
});

/** The shape of `gateway.toml`. Unknown keys are errors so typos never pass silently. */
export const fileSchema = z.strictObject({
  default_alias: z.string().min(1).optional(),
  server: z
    .strictObject({
      host: z.string().min(1).optional(),
      port: z.number().int().min(0).max(65535).optional(),
      timeout: seconds.optional(),
      max_body_mib: z.number().positive().finite().optional(),
      shutdown_grace: seconds.optional(),
      /** Client keys; an entry "env:NAME" is read from that environment variable. */
      api_keys: z.array(z.string().min(1)).optional(),
      allow_open_lan: z.boolean().optional(),
      client_timeout: z.number().positive().finite().optional(),
      max_concurrent: z.number().int().positive().optional(),
      queue_timeout: seconds.optional(),
      max_header_bytes: z.number().int().positive().optional(),
      max_header_count: z.number().int().positive().optional(),
    })
    .optional(),
  defaults: z.strictObject(policyKeys).optional(),
  streaming: z
    .strictObject({
      keepalive_after: seconds.optional(),
      keepalive_interval: z.number().positive().finite().optional(),
      resume: z.boolean().optional(),
    })
    .optional(),
  backends: z.record(z.string().min(1), backend).optional(),
  aliases: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).optional(),
});

export type FileConfig = z.infer<typeof fileSchema>;
export type FileBackend = z.infer<typeof backend>;
export type FilePolicy = z.infer<z.ZodObject<typeof policyKeys>>;
