import type { ApiName } from '../protocols/protocol.ts';

/** The API a request is made in; `completions` is the legacy text completions endpoint (chat's rules). */
export type RequestApi = ApiName | 'completions';

export const REQUEST_APIS: readonly RequestApi[] = ['chat', 'completions', 'responses', 'messages', 'embeddings'];

/** The path a request in each API is sent to on the gateway (and, passed through, on a backend). */
export const API_PATHS: Record<RequestApi, string> = {
  chat: '/v1/chat/completions',
  completions: '/v1/completions',
  responses: '/v1/responses',
  messages: '/v1/messages',
  embeddings: '/v1/embeddings',
};

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Content block types only Anthropic Messages has. */
const MESSAGES_BLOCKS = new Set(['tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'document', 'server_tool_use']);
/** Top-level fields only Anthropic Messages has. */
const MESSAGES_FIELDS = ['system', 'stop_sequences', 'top_k', 'thinking', 'anthropic_version'];
/** Top-level fields only OpenAI chat completions has. */
const CHAT_FIELDS = ['response_format', 'n', 'stream_options', 'max_completion_tokens', 'logprobs', 'presence_penalty', 'frequency_penalty', 'reasoning_effort', 'seed'];
/** Top-level fields only the Responses API has. */
const RESPONSES_FIELDS = ['instructions', 'previous_response_id', 'max_output_tokens', 'text', 'reasoning', 'store', 'truncation', 'include', 'tools', 'conversation'];

/**
 * Which API a request body is written for, from its shape alone, and why (for the user to
 * check): `messages` is chat or Anthropic Messages by their telling fields and blocks, `input`
 * is the Responses API or embeddings, `prompt` is text completions.
 */
export function detectApi(body: Body): { api: RequestApi; why: string } {
  if (Array.isArray(body.messages)) return chatOrMessages(body);
  if (body.input !== undefined) return responsesOrEmbeddings(body);
  if (body.prompt !== undefined) return { api: 'completions', why: 'it has "prompt"' };
  return { api: 'chat', why: 'nothing telling in it: chat completions assumed' };
}

function chatOrMessages(body: Body): { api: RequestApi; why: string } {
  const field = MESSAGES_FIELDS.find((f) => body[f] !== undefined);
  if (field) return { api: 'messages', why: `it has "messages" and "${field}"` };
  const messages = body.messages as unknown[];
  const role = messages.find((m) => isObject(m) && ['system', 'developer', 'tool'].includes(String(m.role)));
  if (role) return { api: 'chat', why: `a message has role "${(role as Body).role}"` };
  const block = messages.flatMap((m) => (isObject(m) && Array.isArray(m.content) ? m.content : [])).find((c) => isObject(c) && (MESSAGES_BLOCKS.has(String(c.type)) || isObject(c.source)));
  if (block) return { api: 'messages', why: `a content block is "${(block as Body).type}"` };
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.some((t) => isObject(t) && t.input_schema !== undefined)) return { api: 'messages', why: 'a tool has "input_schema"' };
  const chatField = CHAT_FIELDS.find((f) => body[f] !== undefined);
  if (chatField) return { api: 'chat', why: `it has "messages" and "${chatField}"` };
  // Messages requires max_tokens, chat completions has deprecated it: alone, it says Anthropic.
  if (body.max_tokens !== undefined) return { api: 'messages', why: 'it has "max_tokens" and nothing only chat completions has (say --api chat if it is chat)' };
  return { api: 'chat', why: 'it has "messages"' };
}

function responsesOrEmbeddings(body: Body): { api: RequestApi; why: string } {
  if (body.encoding_format !== undefined || body.dimensions !== undefined) return { api: 'embeddings', why: `it has "input" and "${body.encoding_format !== undefined ? 'encoding_format' : 'dimensions'}"` };
  const field = RESPONSES_FIELDS.find((f) => body[f] !== undefined);
  if (field) return { api: 'responses', why: `it has "input" and "${field}"` };
  const input = body.input;
  if (Array.isArray(input) && input.some((i) => isObject(i))) return { api: 'responses', why: '"input" holds items' };
  if (Array.isArray(input)) return { api: 'embeddings', why: '"input" is a list of texts or tokens' };
  if (typeof body.model === 'string' && /embed/i.test(body.model)) return { api: 'embeddings', why: 'it has "input" and an embedding model' };
  return { api: 'responses', why: 'it has "input" (say --api embeddings if it is one)' };
}
