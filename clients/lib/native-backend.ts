// A backend that speaks the Responses API and Anthropic Messages natively (as OpenAI and
// Anthropic do), for the passthrough cases: it answers in text naming the model it was sent.
import type { Handler } from '../../test/http/mock-upstream.ts';
import { messagesEvents, messagesJson } from './messages-sse.ts';
import { responsesEvents, responsesJson, toSse } from './responses-sse.ts';

/** The text a native backend answers with. */
export const nativeAnswer = (name: string, model: string) => `Native ${name} answer as model ${model}.`;

const messagesSse = (events: Array<Record<string, unknown>>) => events.map((e) => `event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`).join('');

/** Answers POST …/responses and POST …/messages in their own protocol, JSON or SSE. */
export function nativeBackend(name: string): Handler {
  return (req, res, raw) => {
    const path = (req.url ?? '').split('?')[0]!;
    const body = JSON.parse(raw.toString('utf8') || '{}') as { model?: string; stream?: boolean };
    const model = body.model ?? 'unset';
    const outputs = [{ type: 'text' as const, text: nativeAnswer(name, model) }];
    const json = (v: unknown) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v));
    const sse = (text: string) => void res.writeHead(200, { 'content-type': 'text/event-stream' }).end(text);
    if (path.endsWith('/responses')) return body.stream ? sse(toSse(responsesEvents(outputs, model))) : json(responsesJson(outputs, model));
    if (path.endsWith('/messages')) return body.stream ? sse(messagesSse(messagesEvents(outputs, model))) : json(messagesJson(outputs, model));
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `${name} speaks no ${path}`, type: 'invalid_request_error' } }));
  };
}
