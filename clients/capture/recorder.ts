// A recording server on loopback: logs every request a client makes (keys redacted) and answers
// with the smallest valid reply of the protocol asked for, so the client completes its turn.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type MessagesOutput, messagesEvents, messagesJson } from '../lib/messages-sse.ts';
import { type ResponsesOutput, responsesEvents, responsesJson, toSse } from '../lib/responses-sse.ts';

/** One request as captured. */
export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** What the recorder answered, for reading the fixture. */
  answered: string;
}

/** How the recorder answers; changed between client runs. */
export interface Script {
  /** Answer a function call / tool_use when the request offers this tool and has no result yet. */
  tool?: (tools: Array<Record<string, unknown>>) => { name: string; args: Record<string, unknown> } | undefined;
  /** Answer every model request with this status (and an error body in the protocol's shape). */
  status?: number;
  /** Stream two text deltas, then destroy the socket. */
  cut?: boolean;
  /** Stream the first text delta, then end the body cleanly with no terminal event. */
  endEarly?: boolean;
  /** Stream the first text delta, then the protocol's in-band error event (`error`, or for
   * Responses `response.failed` when 'failed'), then end. */
  inbandError?: boolean | 'failed';
  /** Status for a WebSocket upgrade (default 426). */
  wsStatus?: number;
  text?: string;
}

export interface Recorder {
  url: string;
  log: Recorded[];
  script: Script;
  close(): Promise<void>;
}

const SECRET = /key|auth|token|cookie|secret/i;

function redact(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers).sort()) {
    const v = headers[name];
    out[name] = SECRET.test(name) ? '<redacted>' : Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

function parse(raw: Buffer): unknown {
  if (raw.length === 0) return null;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

/** Starts the recorder on 127.0.0.1 with a port of its own. */
export async function startRecorder(script: Script = {}): Promise<Recorder> {
  const rec: Recorder = { url: '', log: [], script, close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const entry: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: redact(req.headers), body: parse(Buffer.concat(chunks)), answered: '' };
    rec.log.push(entry);
    entry.answered = answer(rec.script, entry, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const status = rec.script.wsStatus ?? 426;
    rec.log.push({ method: req.method ?? '', url: req.url ?? '', headers: redact(req.headers), body: null, answered: `${status} (WebSocket upgrade refused)` });
    const body = JSON.stringify({ error: { message: 'WebSocket transport is not supported; use HTTP', type: 'invalid_request_error', param: null, code: null } });
    socket.end(`HTTP/1.1 ${status} ${status === 426 ? 'Upgrade Required' : 'Not Found'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rec.close = () => new Promise((ok) => server.close(() => ok()));
  server.closeIdleConnections?.();
  return rec;
}

function answer(script: Script, entry: Recorded, res: ServerResponse): string {
  const path = entry.url.split('?')[0]!;
  const body = (entry.body ?? {}) as Record<string, unknown>;
  if (entry.method === 'HEAD') return void res.writeHead(200).end(), '200 (HEAD)';
  if (path.endsWith('/count_tokens')) return json(res, 200, { input_tokens: 42 }), '200 count_tokens';
  if (entry.method === 'GET' && path.endsWith('/models')) return json(res, 200, { object: 'list', data: [{ id: 'recorded-model', object: 'model', created: 0, owned_by: 'recorder' }] }), '200 models';
  if (entry.method === 'POST' && path.endsWith('/responses')) return answerResponses(script, body, res);
  if (entry.method === 'POST' && path.endsWith('/messages')) return answerMessages(script, body, res);
  if (entry.method === 'POST' && path.endsWith('/chat/completions')) return answerChat(script, body, res);
  json(res, 404, { error: { message: `recorder has no route for ${entry.method} ${path}`, type: 'invalid_request_error' } });
  return '404';
}

const json = (res: ServerResponse, status: number, body: unknown) => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

function pickTool(script: Script, tools: unknown, resolved: boolean) {
  if (!script.tool || resolved || !Array.isArray(tools)) return undefined;
  return script.tool(tools as Array<Record<string, unknown>>);
}

function answerResponses(script: Script, body: Record<string, unknown>, res: ServerResponse): string {
  if (script.status) return json(res, script.status, { error: { message: `recorded ${script.status}`, type: 'server_error', param: null, code: null } }), `${script.status}`;
  const input = Array.isArray(body.input) ? (body.input as Array<Record<string, unknown>>) : [];
  const resolved = input.some((i) => typeof i.type === 'string' && i.type.endsWith('_call_output'));
  const call = pickTool(script, body.tools, resolved);
  const outputs: ResponsesOutput[] = call ? [{ type: 'function_call', name: call.name, arguments: JSON.stringify(call.args) }] : [{ type: 'text', text: script.text ?? 'Hi from the recorder.' }];
  const model = String(body.model ?? 'recorded-model');
  if (body.stream !== true) return json(res, 200, responsesJson(outputs, model)), call ? `200 function_call ${call.name}` : '200 text';
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const sse = toSse(responsesEvents(outputs, model));
  const head = sse.slice(0, sse.indexOf('event: response.output_text.delta', sse.indexOf('response.output_text.delta') + 30));
  if (script.cut) return res.write(sse.slice(0, sse.indexOf('event: response.output_text.done'))), res.destroy(), 'stream cut';
  if (script.endEarly) return res.end(head), 'stream ended early (no response.completed)';
  if (script.inbandError) {
    const failed = { type: 'response.failed', sequence_number: 99, response: { ...(responsesJson([], model) as object), status: 'failed', output: [], error: { code: 'server_error', message: 'recorded response.failed' } } };
    const error = script.inbandError === 'failed' ? failed : { type: 'error', code: 'server_error', message: 'recorded in-band error', param: null, sequence_number: 99 };
    return res.end(`${head}event: error\ndata: ${JSON.stringify(error)}\n\n`), `stream with in-band ${error.type} event`;
  }
  res.end(sse);
  return call ? `200 SSE function_call ${call.name}` : '200 SSE text';
}

function answerMessages(script: Script, body: Record<string, unknown>, res: ServerResponse): string {
  if (script.status) return json(res, script.status, { type: 'error', error: { type: script.status === 529 ? 'overloaded_error' : 'api_error', message: `recorded ${script.status}` } }), `${script.status}`;
  const messages = Array.isArray(body.messages) ? (body.messages as Array<Record<string, unknown>>) : [];
  const last = messages.at(-1);
  const resolved = Array.isArray(last?.content) && (last.content as Array<Record<string, unknown>>).some((b) => b.type === 'tool_result');
  const call = pickTool(script, body.tools, resolved);
  const outputs: MessagesOutput[] = call ? [{ type: 'tool_use', name: call.name, input: call.args }] : [{ type: 'text', text: script.text ?? 'Hi from the recorder.' }];
  const model = String(body.model ?? 'recorded-model');
  if (body.stream !== true) return json(res, 200, messagesJson(outputs, model)), call ? `200 tool_use ${call.name}` : '200 text';
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const sse = messagesEvents(outputs, model).map((e) => `event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`).join('');
  const head = sse.slice(0, sse.indexOf('event: content_block_delta', sse.indexOf('event: content_block_delta') + 10));
  if (script.cut) return res.write(sse.slice(0, sse.indexOf('event: content_block_stop'))), res.destroy(), 'stream cut';
  if (script.endEarly) return res.end(head), 'stream ended early (no message_stop)';
  if (script.inbandError) {
    const error = { type: 'error', error: { type: 'overloaded_error', message: 'recorded in-band error' } };
    return res.end(`${head}event: error\ndata: ${JSON.stringify(error)}\n\n`), 'stream with in-band error event';
  }
  res.end(sse);
  return call ? `200 SSE tool_use ${call.name}` : '200 SSE text';
}

function answerChat(script: Script, body: Record<string, unknown>, res: ServerResponse): string {
  if (script.status) return json(res, script.status, { error: { message: `recorded ${script.status}`, type: 'server_error' } }), `${script.status}`;
  const text = script.text ?? 'Hi from the recorder.';
  const model = String(body.model ?? 'recorded-model');
  if (body.stream !== true) {
    json(res, 200, { id: 'chatcmpl-rec', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 } });
    return '200 chat';
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: unknown, finish: string | null) => `data: ${JSON.stringify({ id: 'chatcmpl-rec', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.end(chunk({ role: 'assistant', content: '' }, null) + chunk({ content: text }, null) + chunk({}, 'stop') + 'data: [DONE]\n\n');
  return '200 SSE chat';
}
