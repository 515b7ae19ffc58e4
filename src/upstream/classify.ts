/**
 * What a backend's answer means for failover. Everything the gateway decides before the
 * first byte reaches the client depends on this.
 */
export type Verdict =
  /** the answer: pass it to the client */
  | 'answer'
  /** a failure of this backend: retry it or move on */
  | 'retryable'
  /** the request is too large for this backend's context: the next backend may take it */
  | 'next-backend';

/** OpenAI's code and the usual wordings of other providers for a prompt over the context window. */
const CONTEXT_LENGTH = /context_length_exceeded|context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long|input is too long|reduce the length of the (messages|prompt)|exceeds? the (model'?s? )?(max(imum)?|context)/i;
/** Content-policy refusals are the answer, even though some are sent as 400. */
const CONTENT_POLICY = /content[_ ]policy|content_filter|safety system|flagged|moderation/i;

export function classifyStatus(status: number, body?: string): Verdict {
  if (status >= 500 || status === 429) return 'retryable';
  if (status === 400 && body && CONTEXT_LENGTH.test(body) && !CONTENT_POLICY.test(body)) return 'next-backend';
  return 'answer';
}

/** `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3) or `retry-after-ms`, in ms. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
