import { z } from 'zod';

/** Seconds, fractions allowed; 0 means "no limit". */
const seconds = z.number().nonnegative().finite();

const backend = z.strictObject({
  base_url: z.string().min(1).optional(),
  api_key: z.string().min(1).optional(),
  /** The name of an environment variable holding the key, so the file can be shared. */
  api_key_env: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
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
    })
    .optional(),
  backends: z.record(z.string().min(1), backend).optional(),
  aliases: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).optional(),
});

export type FileConfig = z.infer<typeof fileSchema>;
export type FileBackend = z.infer<typeof backend>;
