import type { Clock } from '../../src/lifecycle/clock.ts';
import type { FetchLike } from '../../src/runtime-contract.ts';

/** What a scripted backend does with one request. */
export type Behaviour =
  | { kind: 'reply'; status: number; body?: string; headers?: Record<string, string> }
  /** never answers, until the request is aborted */
  | { kind: 'hang' }
  /** the connection is refused (or reset, as `cause` says) */
  | { kind: 'refuse'; code?: string }
  /** an SSE stream: strings are events (or raw chunks), numbers are pauses in ms; then it ends as `end` says */
  | { kind: 'sse'; steps: Array<string | number>; end?: 'close' | 'hang' | 'cut' };

export const reply = (status: number, body: unknown = {}, headers: Record<string, string> = {}): Behaviour => ({
  kind: 'reply',
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
export const hang = (): Behaviour => ({ kind: 'hang' });
export const refuse = (code = 'ECONNREFUSED'): Behaviour => ({ kind: 'refuse', code });
export const sse = (steps: Array<string | number>, end: 'close' | 'hang' | 'cut' = 'close'): Behaviour => ({ kind: 'sse', steps, end });

/** A chat.completion.chunk event carrying `content` (and a finish reason, if given). */
export const chunk = (content: string, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
export const role = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] })}\n\n`;
export const DONE = 'data: [DONE]\n\n';

export interface Call {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Whether the gateway aborted this request. */
  aborted(): boolean;
}

/**
 * An injected `fetch` whose backends follow a script: each backend (by URL origin) answers
 * its requests with the behaviours given, in order, the last one repeating. Pauses run on
 * the fake clock, so a test moves time itself.
 */
export function scriptedFetch(clock: Clock) {
  const scripts = new Map<string, Behaviour[]>();
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const origin = new URL(url).origin;
    const script = scripts.get(origin) ?? [reply(404)];
    const behaviour = script.length > 1 ? script.shift()! : script[0]!;
    const signal = init.signal!;
    const headers = Object.fromEntries(new Headers(init.headers as HeadersInit));
    calls.push({ url, headers, body: typeof init.body === 'string' ? init.body : new TextDecoder().decode(init.body as Uint8Array), aborted: () => signal.aborted });
    return respond(behaviour, signal, clock);
  };
  return {
    fetch,
    calls,
    /** How `origin` answers from now on. */
    script(origin: string, ...behaviours: Behaviour[]) {
      scripts.set(origin, behaviours);
    },
    /** Requests sent to `origin`. */
    callsTo: (origin: string) => calls.filter((c) => c.url.startsWith(origin)),
    headersOf: (call: Call) => call.headers,
  };
}

function respond(b: Behaviour, signal: AbortSignal, clock: Clock): Promise<Response> {
  const aborted = () => new DOMException('aborted', 'AbortError');
  if (signal.aborted) return Promise.reject(aborted());
  if (b.kind === 'refuse') return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(b.code), { code: b.code }) }));
  if (b.kind === 'hang') return new Promise((_, fail) => signal.addEventListener('abort', () => fail(aborted())));
  if (b.kind === 'reply') return Promise.resolve(new Response(b.body ?? null, { status: b.status, headers: b.headers }));
  return Promise.resolve(new Response(sseBody(b, signal, clock), { headers: { 'content-type': 'text/event-stream' } }));
}

function sseBody({ steps, end = 'close' }: Extract<Behaviour, { kind: 'sse' }>, signal: AbortSignal, clock: Clock): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    },
    async pull(controller) {
      while (i < steps.length && typeof steps[i] === 'number') {
        const ms = steps[i++] as number;
        await new Promise<void>((r) => clock.deadline(ms, r));
        if (signal.aborted) return;
      }
      if (i < steps.length) return controller.enqueue(encoder.encode(steps[i++] as string));
      if (end === 'close') return controller.close();
      if (end === 'cut') return controller.error(new TypeError('terminated'));
      await new Promise(() => {}); // hang: only an abort ends it
    },
  });
}
