import { concatBytes } from '../bytes.ts';
import { type ClientHeaders, buildClientHeaders, setHeader } from '../http/headers.ts';
import type { Translation } from '../protocols/protocol.ts';
import { type GuardOptions, type GuardedBody, guardBody } from '../stream/guard.ts';
import type { UpstreamHandle } from '../stream/upstream-handle.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Whether a translated answer is streamed through the translation; anything else is read whole and rewritten. */
export function translatesAsStream(handle: UpstreamHandle): boolean {
  return handle.sse && handle.status === 200;
}

/**
 * A chat backend's answer to a translated call, as the client's protocol answers: a stream
 * through the guard with the translation writing the events, or a whole answer (or error)
 * rewritten. `guard` is the one `translatesAsStream` calls for: the translation's output for a
 * stream, none (and no resume) for a whole answer. Headers keep what the backend said, less what
 * no longer describes the body.
 */
export async function translateAnswer(handle: UpstreamHandle, translation: Translation, guard: GuardOptions): Promise<{ body: GuardedBody['body'] | string; status: number; headers: ClientHeaders; ended: GuardedBody['ended'] }> {
  const headers = buildClientHeaders(handle.headers, true);
  const { body, ended } = guardBody(handle, guard);
  if (translatesAsStream(handle)) return { body, status: 200, headers, ended };
  const bytes = body instanceof ReadableStream ? await readWhole(body) : (body ?? new Uint8Array());
  setHeader(headers, 'content-type', 'application/json');
  if (handle.status >= 400) return { body: translation.error(handle.status, bytes), status: handle.status, headers, ended };
  try {
    // A string body: the runtime encodes it as it writes.
    return { body: translation.answer(JSON.parse(decoder.decode(bytes))), status: handle.status, headers, ended };
  } catch {
    const error = { error: { message: 'The backend answered with a body that is not a chat completion.', type: 'api_error', param: null, code: 'upstream_invalid_answer' } };
    return { body: translation.error(502, encoder.encode(JSON.stringify(error))), status: 502, headers, ended };
  }
}

/** A body of unknown length read to its end (a whole answer mostly comes in hand already: no stream then). */
async function readWhole(body: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  const reader = body.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return concatBytes(chunks);
}
