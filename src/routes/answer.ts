import { type ClientHeaders, buildClientHeaders } from '../http/headers.ts';
import type { Protocol } from '../protocols/protocol.ts';
import type { Settled } from '../stream/early-commit.ts';
import { type GuardOptions, type GuardedBody, guardBody } from '../stream/guard.ts';
import { type ChainResult, type FailoverOptions, continueChain } from '../upstream/failover.ts';
import { translateAnswer, translatesAsStream } from './translated-answer.ts';

type Answered = Extract<ChainResult, { kind: 'answered' }>;
/** Every key of `T`, optional ones included (their value may be undefined): a key added to `T` must be written. */
type EveryKey<T> = { [K in keyof Required<T>]: T[K] };

/** An answer ready to go out: its body through the guard, status and headers. */
export type ReadyAnswer = { body: GuardedBody['body'] | string; ended: GuardedBody['ended']; status: number; headers: ClientHeaders };

/** The client's answer for a backend's: as it came, or translated into the client's protocol. */
export async function readyAnswer(result: Answered, walk: FailoverOptions, base: GuardOptions, resume: boolean): Promise<ReadyAnswer> {
  const guard = guardFor(result, walk, base, resume);
  if (result.translation) return translateAnswer(result.handle, result.translation, guard);
  const { body, ended } = guardBody(result.handle, guard);
  return { body, ended, status: result.handle.status, headers: buildClientHeaders(result.handle.headers) };
}

/**
 * How an answer's body is guarded: judged in the protocol the backend answered in, written
 * as it came or by the translation, and resumable (verified) on the rest of the chain.
 */
function guardFor(result: Answered, walk: FailoverOptions, base: GuardOptions, resume: boolean): EveryKey<GuardOptions> {
  const { protocol } = result;
  const { clock, shutdown } = base;
  // Every field written out, no `{ ...base, … }`: on Node 20 an object spread that gains a key
  // takes a slow path (about 1 µs) and its objects outlive young-generation collections.
  // A translated whole answer (or error) is read and rewritten: nothing to write or resume as it goes.
  if (result.translation && !translatesAsStream(result.handle)) return { protocol, clock, shutdown, output: undefined, resume: undefined };
  const output = result.translation ? result.translation.stream() : protocol.passthrough?.();
  return { protocol, clock, shutdown, output, resume: resume && result.rest.length > 0 ? continueChain(result, walk) : undefined };
}

/** How the chain settled, as a stream committed before it did needs it. */
export function settledFor(result: ChainResult, walk: FailoverOptions, base: GuardOptions, resume: boolean): Settled {
  if (result.kind === 'client-gone') return undefined;
  if (result.kind === 'all-failed') return { failure: result.response };
  return { handle: result.handle, backend: result.backend.name, guard: guardFor(result, walk, base, resume) };
}

/** The first failure's answer, in the client's protocol's error shape. */
export async function failureFor(response: Response, protocol: Protocol | undefined): Promise<Response> {
  if (!protocol?.adaptFailure) return response;
  const body = protocol.adaptFailure(response.status, new Uint8Array(await response.arrayBuffer()));
  response.headers.delete('content-length');
  return new Response(body, { status: response.status, headers: response.headers });
}
