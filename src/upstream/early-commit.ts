import type { ChainResult } from './failover.ts';
import { keepaliveStream } from './keepalive.ts';

type Answered = Extract<ChainResult, { kind: 'answered' }>;

/**
 * The `200` SSE response sent before any backend has answered: keep-alive comments until the
 * chain settles, then the answer's stream (`toStream`), or an in-band error if it failed or
 * answered something other than a 200 stream.
 */
export function earlyCommit(
  pending: Promise<ChainResult>,
  toStream: (result: Answered) => ReadableStream<Uint8Array> | undefined,
  intervalMs: number,
): Response {
  const outcome = pending.then(async (result) => {
    if (result.kind === 'client-gone') return undefined;
    if (result.kind === 'all-failed') return { error: await inBandError(result.response) };
    const body = toStream(result); // always: it also ends the answer's bookkeeping
    if (result.answer.status === 200 && body) return { body };
    void body?.cancel();
    return { error: { message: `Backend "${result.backend.name}" answered ${result.answer.status}.`, code: 'upstream_error' } };
  });
  return new Response(keepaliveStream(outcome, intervalMs), {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-understudy-committed': 'early' },
  });
}

async function inBandError(response: Response): Promise<{ message: string; code: string }> {
  const text = await response.text().catch(() => '');
  let message = `Every backend failed; the first answered ${response.status}.`;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    if (parsed.error?.message) message = parsed.error.message;
  } catch {}
  return { message, code: `upstream_${response.status}` };
}
