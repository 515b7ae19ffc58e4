import { chatJson, chatStream, textCompletion } from './chat-replies.ts';
import { type ChatRequestBody, planChatTurn } from './chat-turn.ts';
import { anthropicError, openAiError } from './error-shapes.ts';
import { type MessagesRequestBody, countTokens, messagesJson, messagesStream } from './messages-replies.ts';
import { type Turn, greeting } from './reply-text.ts';
import { type ResponsesRequestBody, responsesJson, responsesStream } from './responses-replies.ts';
import { roughTokenCount } from './rough-tokens.ts';

// A small LLM provider for the demo and the tests, answering the way real ones do (see
// chat-turn.ts for when it calls a tool), with a reply that names itself and the model it was
// sent, so aliasing, model forcing and failover are visible with curl.

/** An API a simulated backend can speak natively. */
export type SimulatedApi = 'chat' | 'responses' | 'messages';

/** How a simulated backend behaves. */
export interface SimulatedBackendOptions {
  name: string;
  /**
   * Every Nth completion request fails, so failover shows on a predictable schedule: 503 in
   * OpenAI's shape, or on the Messages API 529 `overloaded_error` as Anthropic sends. 0 = never.
   */
  failEvery?: number;
  /** Delay before each streamed piece of content (text delta, tool-argument fragment). */
  chunkDelayMs?: number;
  /**
   * The APIs it answers natively: 'chat' (chat and legacy text completions), 'responses'
   * (`POST …/responses`), 'messages' (`POST …/messages` and `…/messages/count_tokens`).
   * The rest answer 404 in their own API's error shape. Default: chat only, as most providers.
   */
  speaks?: readonly SimulatedApi[];
}

/** A simulated backend: a web-standard fetch handler and its request count. */
export interface SimulatedBackend {
  fetch: (req: Request) => Promise<Response>;
  /** Completion requests seen so far (chat, text, Responses, Messages), failed ones included; count_tokens is not one. */
  readonly requests: number;
}

type Route = 'chat' | 'text' | 'responses' | 'messages' | 'count-tokens';

const ROUTES: ReadonlyArray<{ suffix: string; route: Route; api: SimulatedApi }> = [
  { suffix: '/chat/completions', route: 'chat', api: 'chat' },
  { suffix: '/completions', route: 'text', api: 'chat' },
  { suffix: '/responses', route: 'responses', api: 'responses' },
  { suffix: '/messages', route: 'messages', api: 'messages' },
  { suffix: '/messages/count_tokens', route: 'count-tokens', api: 'messages' },
];

/** Which fields of each route's request make up its prompt, for the rough usage numbers. */
const PROMPT_FIELDS: Record<Route, readonly string[]> = {
  chat: ['messages', 'tools'],
  text: ['prompt'],
  responses: ['instructions', 'input', 'tools'],
  messages: ['system', 'messages', 'tools'],
  'count-tokens': ['system', 'messages', 'tools'],
};

/**
 * Creates a simulated backend.
 * @example createSimulatedBackend({ name: 'fast', failEvery: 3, speaks: ['chat', 'responses'] }).fetch(request)
 */
export function createSimulatedBackend({ name, failEvery = 0, chunkDelayMs = 40, speaks = ['chat'] }: SimulatedBackendOptions): SimulatedBackend {
  let requests = 0;
  const fetch = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (req.method === 'GET' && path.endsWith('/models')) {
      return Response.json({ object: 'list', data: [{ id: `${name}-model`, object: 'model', created: 0, owned_by: name }] });
    }
    const found = req.method === 'POST' ? ROUTES.find((r) => path.endsWith(r.suffix)) : undefined;
    if (!found || !speaks.includes(found.api)) return notFound(name, req.method, path);
    const body = await readBody(req);
    if (found.route === 'count-tokens') return countTokens(body);
    requests++;
    if (failEvery > 0 && requests % failEvery === 0) return overloaded(name, failEvery, found.route);
    const turn: Turn = {
      name,
      model: typeof body.model === 'string' ? body.model : 'unset',
      serial: requests,
      created: Math.floor(Date.now() / 1000),
      chunkDelayMs,
      promptTokens: roughTokenCount(PROMPT_FIELDS[found.route].map((field) => body[field])),
    };
    return answer(found.route, turn, body);
  };
  return {
    fetch,
    get requests() {
      return requests;
    },
  };
}

function answer(route: Exclude<Route, 'count-tokens'>, turn: Turn, body: Record<string, unknown>): Response {
  const stream = body.stream === true;
  switch (route) {
    case 'chat': {
      const plan = planChatTurn(body as ChatRequestBody, turn);
      return stream ? chatStream(turn, plan, body as ChatRequestBody) : chatJson(turn, plan);
    }
    case 'text':
      return textCompletion(turn, greeting(turn), body);
    case 'responses':
      return stream ? responsesStream(turn, body as ResponsesRequestBody) : responsesJson(turn, body as ResponsesRequestBody);
    case 'messages':
      return stream ? messagesStream(turn) : messagesJson(turn);
  }
}

/** The request's JSON object; anything else (bad JSON, an array) reads as an empty request. */
async function readBody(req: Request): Promise<Record<string, unknown> & MessagesRequestBody> {
  const body: unknown = await req.json().catch(() => ({}));
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A path this backend does not answer: 404, in Anthropic's shape under …/messages, else OpenAI's. */
function notFound(name: string, method: string, path: string): Response {
  const message = `${name} has no ${method} ${path}`;
  return /\/messages(\/|$)/.test(path) ? anthropicError(404, message, 'not_found_error') : openAiError(404, message, 'invalid_request_error');
}

function overloaded(name: string, failEvery: number, route: Route): Response {
  const message = `${name} is overloaded (simulated: every request number ${failEvery}, ${2 * failEvery}, … fails)`;
  const headers = { 'retry-after': '1' };
  return route === 'messages' ? anthropicError(529, message, 'overloaded_error', headers) : openAiError(503, message, 'api_error', headers);
}
