import type { Backend } from '../config/types.ts';
import { type ClientHeaders, setHeader } from '../http/headers.ts';
import { formatAttempts } from '../observe/log-record.ts';
import type { AttemptRecord } from '../upstream/failover.ts';

/** Response headers that say what happened: who answered, every try, and the chain walked. */
export function routeHeaders<H extends ClientHeaders>(headers: H, { backend, attempts }: { backend?: Backend; attempts: readonly AttemptRecord[] }): H {
  if (backend) setHeader(headers, 'x-understudy-backend', backend.name);
  setHeader(headers, 'x-understudy-attempts', formatAttempts(attempts));
  setHeader(headers, 'x-understudy-route', attempts.length === 1 ? attempts[0]!.backend : [...new Set(attempts.map((a) => a.backend))].join('>'));
  return headers;
}
