/**
 * Bounded names for what an attempt or a request came to, for metric labels: a status becomes
 * its class (`5xx`; `429` kept apart, it means "slow down", not "broken"), a failure keeps its kind.
 */

/** Every value `attemptKind` returns. */
export const ATTEMPT_KINDS = [
  '1xx', '2xx', '3xx', '4xx', '429', '5xx',
  'timeout', 'first-token-timeout', 'unreachable', 'stream-error', 'context-length', 'untranslatable', 'other',
] as const;

/** Every value `statusClass` returns. */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'] as const;

const FAILURE_KINDS: ReadonlySet<string> = new Set(ATTEMPT_KINDS.slice(6));

/** `503` → `5xx`; anything not an HTTP status → `other`. */
export function statusClass(status: number): (typeof STATUS_CLASSES)[number] {
  if (!Number.isInteger(status) || status < 100 || status > 599) return 'other';
  return STATUS_CLASSES[Math.floor(status / 100) - 1]!;
}

/** An attempt's outcome as a label value: `429`, a status class, or the failure's kind. */
export function attemptKind(outcome: number | string): (typeof ATTEMPT_KINDS)[number] {
  if (typeof outcome === 'number') return outcome === 429 ? '429' : statusClass(outcome);
  return FAILURE_KINDS.has(outcome) ? (outcome as (typeof ATTEMPT_KINDS)[number]) : 'other';
}
