// Scripted chat-completions backends for the mock upstreams: a provider that calls tools the way
// real ones do (role first, arguments in pieces, include_usage), and ways to misbehave.
import type { ServerResponse } from 'node:http';
import type { Handler } from '../../test/http/mock-upstream.ts';
import { createSimulatedBackend } from '../../src/simulator/simulated-backend.ts';

/** What a chat request asked for, as far as these backends care. */
interface ChatBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  tools?: Array<{ function?: { name?: string } }>;
  messages?: Array<{ role?: string }>;
}

/** Arguments the tool backend sends for a tool it is offered. */
export const TOOL_ARGS: Record<string, string> = { get_weather: '{"city":"Paris"}' };

const sse = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
const data = (v: unknown) => `data: ${JSON.stringify(v)}\n\n`;

/** The reply a backend gives once the tool result is in. */
export const toolAnswer = (name: string, model: string) => `Sunny in Paris (from the ${name} backend, model ${model}).`;

/**
 * A chat-completions backend that calls the first tool it is offered until the conversation
 * carries a tool result, then answers in text. Streams like real providers do.
 */
export function toolBackend(name: string): Handler {
  return (_req, res, raw) => {
    const body = JSON.parse(raw.toString('utf8') || '{}') as ChatBody;
    const model = body.model ?? 'unset';
    const tool = body.tools?.[0]?.function?.name;
    const resolved = body.messages?.some((m) => m.role === 'tool') ?? false;
    const call = tool && !resolved ? { id: `call_${name}_1`, name: tool, args: TOOL_ARGS[tool] ?? '{}' } : undefined;
    const text = call ? null : toolAnswer(name, model);
    const usage = { prompt_tokens: 20, completion_tokens: 7, total_tokens: 27 };
    const base = { id: `chatcmpl-${name}`, object: 'chat.completion.chunk', created: 1, model };
    if (body.stream !== true) {
      const message = call ? { role: 'assistant', content: null, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } }] } : { role: 'assistant', content: text };
      const choice = { index: 0, message, finish_reason: call ? 'tool_calls' : 'stop' };
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...base, object: 'chat.completion', choices: [choice], usage }));
    }
    sse(res);
    const chunk = (delta: unknown, finish: string | null = null) => data({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
    res.write(chunk({ role: 'assistant', content: '' }));
    if (call) {
      const half = Math.ceil(call.args.length / 2);
      res.write(chunk({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
      res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: call.args.slice(0, half) } }] }));
      res.write(chunk({ tool_calls: [{ index: 0, function: { arguments: call.args.slice(half) } }] }));
    } else {
      for (const word of text!.split(/(?<= )/)) res.write(chunk({ content: word }));
    }
    res.write(chunk({}, call ? 'tool_calls' : 'stop'));
    if (body.stream_options?.include_usage) res.write(data({ ...base, choices: [], usage }));
    res.end('data: [DONE]\n\n');
  };
}

/** Answers every request with `status` and an error body (OpenAI's shape, or Anthropic's for 529). */
export function failing(status: number): Handler {
  const body = status === 529 ? { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } : { error: { message: `simulated ${status}`, type: 'server_error', param: null, code: null } };
  return (_req, res) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Streams a role and two words of text, then destroys the connection: a cut mid-answer. */
export function cutMidStream(): Handler {
  return (_req, res) => {
    sse(res);
    const chunk = (delta: unknown) => data({ id: 'chatcmpl-cut', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] });
    res.write(chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Partial ' }) + chunk({ content: 'answer ' }));
    setTimeout(() => res.destroy(), 50);
  };
}

/**
 * The first request to reach any backend sharing this gate fails with `status`; every later one
 * is answered by the simulated backend `name`. For clients whose model → alias mapping is not
 * ours to pick (Claude Code), so whichever backend is tried first fails.
 */
export function failFirstThenSimulate(gate: { failed: boolean }, name: string, status: number): Handler {
  const simulated = createSimulatedBackend({ name, chunkDelayMs: 5 });
  const fail = failing(status);
  return async (req, res, raw) => {
    if (!gate.failed) {
      gate.failed = true;
      return fail(req, res, raw);
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const answer = await simulated.fetch(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: raw.length ? new Uint8Array(raw) : undefined }));
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  };
}
