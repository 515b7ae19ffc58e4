import type { ChatRequest } from './chat-types.ts';
import { at, isRecord, list, optionalNumber, optionalText, record, text, type JsonObject } from './read.ts';
import { convertConversation } from './request-messages.ts';
import { convertTools } from './request-tools.ts';
import { TranslationError } from './translation-error.ts';

/** What the translation needs to know about the backend. */
export interface MessagesTranslationContext {
  /** The backend takes `reasoning_effort`: `thinking` / `output_config.effort` map onto it. */
  reasoning: boolean;
  /**
   * Send earlier thinking blocks back as `reasoning_content`. DeepSeek requires it on tool
   * turns (400 without it); strict providers (Mistral) reject the field. Defaults to `reasoning`.
   */
  replayReasoning?: boolean;
  /** The backend's output limit: a larger `max_tokens` (Claude Code asks 32000) is capped. */
  maxOutputTokens?: number;
}

/** What the answer translation needs from the request (chatToMessage, MessagesStreamWriter). */
export interface MessagesReply {
  /** The model the client asked for, echoed in the answer (Claude Code keys its state on it). */
  model: string;
  /** The request's stop sequences, to tell `stop_sequence` from `end_turn`. */
  stopSequences: readonly string[];
}

/** A translated request: the chat body, what was dropped, and what the answer needs. */
export interface MessagesTranslation {
  body: ChatRequest;
  notes: string[];
  reply: MessagesReply;
}

/** Fields read here, or deliberately ignored (`cache_control` means nothing to chat). */
const HANDLED = new Set([
  'model', 'max_tokens', 'messages', 'system', 'tools', 'tool_choice', 'temperature', 'top_p', 'top_k',
  'stop_sequences', 'thinking', 'metadata', 'output_config', 'output_format', 'stream', 'cache_control',
]);
/**
 * OpenAI rejects a `user` longer than 64 characters; Claude Code's user_id is a ~150
 * character JSON object, so a longer one goes as a stable hash of itself.
 */
const MAX_USER_LENGTH = 64;
/** OpenAI takes at most four stop sequences and rejects the request past that. */
const MAX_STOP_SEQUENCES = 4;

/**
 * Translates an Anthropic Messages request body onto a chat completions request.
 * Throws TranslationError (a 400 naming the field) for what cannot be translated.
 * @example
 * const { body, notes, reply } = messagesToChat(await request.json(), { reasoning: false });
 */
export function messagesToChat(input: unknown, ctx: MessagesTranslationContext): MessagesTranslation {
  if (!isRecord(input)) throw new TranslationError('', 'The request body must be a JSON object');
  const model = text(input.model, 'model');
  const notes = new Set<string>();
  const referencedTools = new Set<string>();
  const replayReasoning = ctx.replayReasoning ?? ctx.reasoning;
  const messages = convertConversation(input.system, input.messages, { replayReasoning, notes, referencedTools });
  const body: ChatRequest = { model, messages, max_tokens: maxTokens(input.max_tokens, ctx, notes) };
  Object.assign(body, convertTools(input.tools, input.tool_choice, { notes, referencedTools }));
  const stopSequences = convertSampling(input, body, notes);
  convertReasoning(input, body, ctx, notes);
  convertExtras(input, body);
  for (const key of Object.keys(input)) if (!HANDLED.has(key)) notes.add(`${key.slice(0, 40)} dropped`);
  return { body, notes: [...notes], reply: { model, stopSequences } };
}

function maxTokens(value: unknown, ctx: MessagesTranslationContext, notes: Set<string>): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TranslationError('max_tokens', 'max_tokens must be a positive integer');
  }
  if (ctx.maxOutputTokens !== undefined && value > ctx.maxOutputTokens) {
    notes.add(`max_tokens capped at ${ctx.maxOutputTokens}`);
    return ctx.maxOutputTokens;
  }
  return value;
}

/** temperature, top_p, top_k and stop_sequences; returns the stop sequences for the answer. */
function convertSampling(input: JsonObject, body: ChatRequest, notes: Set<string>): string[] {
  const temperature = optionalNumber(input.temperature, 'temperature');
  if (temperature !== undefined) body.temperature = temperature;
  const topP = optionalNumber(input.top_p, 'top_p');
  if (topP !== undefined) body.top_p = topP;
  if (optionalNumber(input.top_k, 'top_k') !== undefined) notes.add('top_k dropped');
  if (input.stop_sequences === undefined || input.stop_sequences === null) return [];
  const stops = list(input.stop_sequences, 'stop_sequences').map((s, i) => text(s, at('stop_sequences', i)));
  if (stops.length > MAX_STOP_SEQUENCES) notes.add(`stop_sequences past the first ${MAX_STOP_SEQUENCES} dropped`);
  if (stops.length > 0) body.stop = stops.slice(0, MAX_STOP_SEQUENCES);
  return stops;
}

type Effort = NonNullable<ChatRequest['reasoning_effort']>;

/**
 * `thinking` and `output_config.effort` → `reasoning_effort`. Budgets split where Claude
 * Code's levels fall: "think" 4000 → low, "think hard" 10000 → medium, its default and
 * "ultrathink" 31999 → high. xhigh/max → high: few chat backends know more than high.
 */
function convertReasoning(input: JsonObject, body: ChatRequest, ctx: MessagesTranslationContext, notes: Set<string>): void {
  let effort: Effort | undefined;
  if (input.thinking !== undefined && input.thinking !== null) {
    const thinking = record(input.thinking, 'thinking');
    const type = text(thinking.type, 'thinking.type');
    if (type === 'enabled') {
      const budget = optionalNumber(thinking.budget_tokens, 'thinking.budget_tokens') ?? 0;
      effort = budget < 4096 ? 'low' : budget < 16384 ? 'medium' : 'high';
    } else if (type !== 'adaptive' && type !== 'disabled') {
      throw new TranslationError('thinking.type', `thinking.type must be "enabled", "adaptive" or "disabled", not "${type}"`);
    }
  }
  const config = input.output_config === undefined || input.output_config === null ? undefined : record(input.output_config, 'output_config');
  const level = optionalText(config?.effort, 'output_config.effort');
  if (level !== undefined) effort = level === 'low' || level === 'medium' ? level : 'high';
  if (effort === undefined) return;
  if (ctx.reasoning) body.reasoning_effort = effort;
  else notes.add('thinking dropped: the backend takes no reasoning effort');
}

/** metadata.user_id → user, a JSON schema output format → response_format, stream. */
function convertExtras(input: JsonObject, body: ChatRequest): void {
  if (input.metadata !== undefined && input.metadata !== null) {
    const user = optionalText(record(input.metadata, 'metadata').user_id, 'metadata.user_id');
    if (user !== undefined) body.user = user.length <= MAX_USER_LENGTH ? user : `hash-${hash(user)}`;
  }
  // `output_format` is the structured-outputs beta's name for what is now `output_config.format`.
  const config = isRecord(input.output_config) ? input.output_config : {};
  const [format, formatPath] = config.format !== undefined && config.format !== null ? [config.format, 'output_config.format'] : [input.output_format, 'output_format'];
  if (format !== undefined && format !== null) {
    const spec = record(format, formatPath);
    const type = text(spec.type, at(formatPath, 'type'));
    if (type !== 'json_schema') throw new TranslationError(at(formatPath, 'type'), `${at(formatPath, 'type')} must be "json_schema"`);
    body.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: record(spec.schema, at(formatPath, 'schema')) } };
  }
  if (input.stream === true) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
}

/** Two 32-bit FNV-1a hashes (different offsets) as 16 hex digits: stable, short, not secret. */
function hash(value: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
