import type { FilePolicy } from './file-schema.ts';
import type { BackendPolicy } from './types.ts';

const s = (v: number) => Math.round(v * 1000);

/**
 * A backend's policy: its own keys, else [defaults], else the built-in defaults, where the
 * three waits default to the general timeout (PROXY_TIMEOUT) so a plain fast/smart setup
 * behaves as it always has: no retries, fail over at once.
 */
export function resolvePolicy(own: FilePolicy, defaults: FilePolicy, timeoutS: number): BackendPolicy {
  const pick = <K extends keyof FilePolicy>(key: K): FilePolicy[K] => own[key] ?? defaults[key];
  return {
    connectTimeoutMs: s(pick('connect_timeout') ?? 10),
    firstByteTimeoutMs: s(pick('first_byte_timeout') ?? timeoutS),
    firstTokenTimeoutMs: s(pick('first_token_timeout') ?? timeoutS),
    idleTimeoutMs: s(pick('idle_timeout') ?? timeoutS),
    totalTimeoutMs: s(pick('total_timeout') ?? 0),
    retries: pick('retries') ?? 0,
    retryBackoffMs: s(pick('retry_backoff') ?? 0.25),
    retryAfterMaxMs: s(pick('retry_after_max') ?? 0),
    cooldownAfter: pick('cooldown_after') ?? 3,
    cooldownMs: s(pick('cooldown') ?? 30),
    headers: { ...defaults.headers, ...own.headers },
  };
}
