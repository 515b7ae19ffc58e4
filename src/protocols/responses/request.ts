import type { ChatRequest, ChatResponseFormat } from './chat-types.ts';
import { TranslationError } from './errors.ts';
import { isObject, numberOf, shown, stringOf, type JsonObject } from './json.ts';
import { expandInput, type ConversationLookup } from './request-input.ts';
import { note, toChatMessages } from './request-messages.ts';
import { translateToolChoice, translateTools, type ToolMap } from './request-tools.ts';
import type { ResponseEcho } from './types.ts';

/** What the translator needs to know about the backend, and where stored conversations live. */
export type ResponsesContext = ConversationLookup & {
  /** The backend takes `reasoning_effort`. */
  reasoning: boolean;
  /** Send reasoning text back as `reasoning_content` on assistant messages (default: `reasoning`). */
  replayReasoning?: boolean;
  /** The chat field for `max_output_tokens` (default `max_tokens`, the one every provider takes). */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
};

/** What the answer translators need from the request. */
export type ResponsesAnswerContext = { model: string; echo: ResponseEcho; tools: ToolMap };

/** A translated request. */
export type ResponsesTranslation = {
  chat: ChatRequest;
  /** What was left out, for one log line (field and tool names, never prompt text). */
  notes: string[];
  /** The whole conversation input (history and resolved references), to store with the answer. */
  input: unknown[];
  answer: ResponsesAnswerContext;
  /** The request lets the answer be stored (`store` is not false). */
  store: boolean;
};

const TRANSLATED = new Set(['model', 'instructions', 'input', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_output_tokens', 'temperature', 'top_p', 'text', 'reasoning', 'stream', 'previous_response_id', 'store']);
// They steer OpenAI's own service (tracing, caching, tiers, storage options) and carry nothing of
// the conversation; strict chat providers refuse unknown fields, so they are not passed on.
const DROPPED = new Set(['include', 'metadata', 'user', 'service_tier', 'truncation', 'prompt_cache_key', 'prompt_cache_retention', 'safety_identifier', 'client_metadata', 'stream_options', 'max_tool_calls']);
// Fields whose only translatable value is their default.
const DEFAULT_ONLY: Record<string, unknown> = { background: false, top_logprobs: 0, conversation: undefined, prompt: undefined };

/** Translates a Responses request body onto chat completions; a 400 `TranslationError` when it cannot. */
export function responsesToChat(body: unknown, ctx: ResponsesContext): ResponsesTranslation {
  if (!isObject(body)) throw new TranslationError('', 'The request body must be a JSON object');
  const notes: string[] = [];
  checkFields(body, notes);
  const input = expandInput(body, ctx);
  const messages = toChatMessages(input, ctx.replayReasoning ?? ctx.reasoning, notes);
  const instructions = body.instructions;
  if (typeof instructions === 'string' && instructions !== '') messages.unshift({ role: 'system', content: instructions });
  else if (instructions !== undefined && instructions !== null && typeof instructions !== 'string') {
    throw new TranslationError('instructions', 'instructions must be a string');
  }
  if (messages.length === 0) throw new TranslationError('input', 'The request has no input to answer', 'missing_required_parameter');
  const model = stringOf(body.model) ?? '';
  const chat: ChatRequest = { model, messages };
  const tools = translateTools(body.tools);
  if (tools.dropped.length > 0) notes.push(`dropped built-in tools: ${tools.dropped.join(', ')}`);
  const { choice, tools: chatTools } = translateToolChoice(body.tool_choice, tools);
  if (chatTools.length > 0) {
    // OpenAI refuses tool_choice and parallel_tool_calls in a request without tools.
    chat.tools = chatTools;
    if (choice !== undefined) chat.tool_choice = choice;
    if (typeof body.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = body.parallel_tool_calls;
  }
  sampling(body, chat, ctx);
  textFormat(body.text, chat, notes);
  reasoning(body.reasoning, chat, ctx, notes);
  if (body.stream === true) (chat.stream = true), (chat.stream_options = { include_usage: true });
  return { chat, notes, input: input.items, answer: { model, echo: echoOf(body), tools: tools.map }, store: body.store !== false };
}

function checkFields(body: JsonObject, notes: string[]): void {
  const dropped: string[] = [];
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (TRANSLATED.has(key) || value === undefined || value === null) continue;
    if (DROPPED.has(key)) dropped.push(key);
    else if (!(key in DEFAULT_ONLY)) throw new TranslationError(key, `${key} is not supported by this gateway when the backend speaks only chat completions`, 'unknown_parameter');
    else if (value !== DEFAULT_ONLY[key]) throw new TranslationError(key, `${key} ${shown(value)} cannot be translated to chat completions`);
  }
  if (dropped.length > 0) notes.push(`dropped fields: ${dropped.join(', ')}`);
}

function sampling(body: JsonObject, chat: ChatRequest, ctx: ResponsesContext): void {
  for (const key of ['temperature', 'top_p'] as const) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    const n = numberOf(value);
    if (n === undefined) throw new TranslationError(key, `${key} must be a number`);
    chat[key] = n;
  }
  const max = body.max_output_tokens;
  if (max === undefined || max === null) return;
  if (!Number.isInteger(max) || (max as number) < 1) throw new TranslationError('max_output_tokens', 'max_output_tokens must be a positive integer');
  chat[ctx.maxTokensField ?? 'max_tokens'] = max as number;
}

function textFormat(text: unknown, chat: ChatRequest, notes: string[]): void {
  if (text === undefined || text === null) return;
  if (!isObject(text)) throw new TranslationError('text', 'text must be an object');
  if (text.verbosity !== undefined && text.verbosity !== null) note(notes, 'dropped text.verbosity');
  const format = text.format;
  if (format === undefined || format === null) return;
  if (!isObject(format)) throw new TranslationError('text.format', 'text.format must be an object');
  chat.response_format = responseFormat(format);
}

function responseFormat(format: JsonObject): ChatResponseFormat | undefined {
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type !== 'json_schema') throw new TranslationError('text.format.type', `text.format.type ${shown(format.type)} is not supported`);
  const schema: Extract<ChatResponseFormat, { type: 'json_schema' }>['json_schema'] = { name: stringOf(format.name) ?? 'response' };
  if (format.schema !== undefined) schema.schema = format.schema;
  if (typeof format.strict === 'boolean') schema.strict = format.strict;
  const description = stringOf(format.description);
  if (description !== undefined) schema.description = description;
  return { type: 'json_schema', json_schema: schema };
}

function reasoning(value: unknown, chat: ChatRequest, ctx: ResponsesContext, notes: string[]): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) throw new TranslationError('reasoning', 'reasoning must be an object');
  const effort = value.effort;
  if (effort === undefined || effort === null) return;
  if (typeof effort !== 'string') throw new TranslationError('reasoning.effort', 'reasoning.effort must be a string');
  if (ctx.reasoning) chat.reasoning_effort = effort;
  else note(notes, 'dropped reasoning.effort (the backend takes none)');
}

/** The request fields a response echoes; the client's own values, no copies. */
function echoOf(body: JsonObject): ResponseEcho {
  const nullable = (v: unknown) => (v === undefined ? null : v);
  return {
    instructions: nullable(body.instructions),
    max_output_tokens: numberOf(body.max_output_tokens) ?? null,
    metadata: body.metadata ?? {},
    parallel_tool_calls: body.parallel_tool_calls !== false,
    previous_response_id: stringOf(body.previous_response_id) ?? null,
    reasoning: body.reasoning ?? { effort: null, summary: null },
    service_tier: body.service_tier ?? 'default',
    store: body.store !== false,
    temperature: numberOf(body.temperature) ?? null,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: numberOf(body.top_p) ?? null,
    truncation: body.truncation ?? 'disabled',
    user: nullable(body.user),
    prompt_cache_key: nullable(body.prompt_cache_key),
    safety_identifier: nullable(body.safety_identifier),
  };
}
