import type { CliFetch, CliIo, Env } from '../../../src/cli/index.ts';

/** One request a fake fetch saw. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** A question the scripted prompter was asked. */
export interface Asked {
  question: string;
  initial?: string;
  secret: boolean;
}

/** A fake fetch: `answer` decides each response; every request is recorded, headers lower-cased. */
export function recordingFetch(answer: (req: SeenRequest, signal: AbortSignal | undefined) => Response | Promise<Response>) {
  const seen: SeenRequest[] = [];
  const fetch: CliFetch = async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const req = { url, method: init.method ?? 'GET', headers, ...(typeof init.body === 'string' ? { body: init.body } : {}) };
    seen.push(req);
    return answer(req, init.signal ?? undefined);
  };
  return { fetch, seen };
}

/** A fetch that refuses everything: tests that must not touch the network. */
export const noNetwork: CliFetch = async (url) => {
  throw new Error(`no network in this test (asked for ${url})`);
};

/**
 * Every side of the CLI in memory: files, output lines, and (with `answers`) a terminal whose
 * questions are answered by a script, in order.
 */
export function fakeIo({ env = {}, files = {}, fetch = noNetwork, answers, now = Date.parse('2025-06-01T12:00:00Z') }: { env?: Env; files?: Record<string, string>; fetch?: CliFetch; answers?: string[]; now?: number } = {}) {
  const disk = new Map(Object.entries(files));
  const secrets = new Set<string>();
  const out: string[] = [];
  const err: string[] = [];
  const asked: Asked[] = [];
  const script = [...(answers ?? [])];
  const next = (entry: Asked) => {
    asked.push(entry);
    if (script.length === 0) throw new Error(`the script has no answer for "${entry.question}"`);
    return Promise.resolve(script.shift()!);
  };
  const io: CliIo = {
    env,
    readText: async (path) => disk.get(path),
    writeText: async (path, text, options) => {
      disk.set(path, text);
      if (options?.secret) secrets.add(path);
      else secrets.delete(path);
    },
    fetch,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    ...(answers ? { prompt: { ask: (question, initial) => next({ question, initial, secret: false }), secret: (question) => next({ question, secret: true }) } } : {}),
    now: () => now,
  };
  return { io, disk, secrets, out, err, asked, text: () => out.join('\n'), errors: () => err.join('\n') };
}

/** A JSON response. */
export const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** An OpenAI-style model list. */
export const modelList = (...ids: string[]) => json(200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'x' })) });
