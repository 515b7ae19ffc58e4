import type { ChatUsage } from './chat-types.ts';
import { isRecord, type JsonObject } from './read.ts';
import { matchStopSequence, newId, stopReasonOf, usageOf } from './reply.ts';
import type { MessagesReply } from './request.ts';
import type { AnthropicMessage, ContentBlock } from './types.ts';

/**
 * Tool arguments as a tool_use `input`, which must be an object. Arguments that are not a
 * JSON object become `{}`: the client's schema check then tells the model which fields are
 * missing, and it calls again (a crash or a dropped call would end the turn instead).
 */
export function parseArguments(args: unknown): Record<string, unknown> {
  if (isRecord(args)) return args;
  if (typeof args !== 'string' || args.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(args);
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}

/** The reasoning a chat message or delta carries: `reasoning_content` (DeepSeek, vLLM) or `reasoning` (OpenRouter). */
export function reasoningOf(message: JsonObject): string {
  const value = message.reasoning_content ?? message.reasoning;
  return typeof value === 'string' ? value : '';
}

/** A chat message's text: a string, or the text parts some providers send as an array. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) if (isRecord(part) && typeof part.text === 'string') out += part.text;
  return out;
}

/**
 * Translates a chat completion (non-streamed) into an Anthropic `message`. Throws a
 * TypeError for an answer with no choice, which the gateway treats as a bad upstream answer.
 */
export function chatToMessage(chat: unknown, reply: MessagesReply): AnthropicMessage {
  const choice = isRecord(chat) && Array.isArray(chat.choices) ? chat.choices[0] : undefined;
  if (!isRecord(choice)) throw new TypeError('The chat completion has no choices');
  const message = isRecord(choice.message) ? choice.message : {};
  const content: ContentBlock[] = [];
  const reasoning = reasoningOf(message);
  if (reasoning !== '') content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  // OpenAI puts a refusal in `refusal`, with no content: it is the answer's text.
  const refusal = typeof message.refusal === 'string' && textOf(message.content) === '' ? message.refusal : '';
  const text = textOf(message.content) || refusal;
  if (text !== '') content.push({ type: 'text', text });
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      const fn = isRecord(call) && isRecord(call.function) ? call.function : {};
      // Fresh ids: some backends' ids break Anthropic's id pattern or repeat across turns (Kimi).
      content.push({ type: 'tool_use', id: newId('toolu_'), name: typeof fn.name === 'string' ? fn.name : '', input: parseArguments(fn.arguments) });
    }
  }
  const sawToolUse = content.some((block) => block.type === 'tool_use');
  const stopSequence = matchStopSequence(choice.finish_reason, choice.stop_reason, text, reply.stopSequences);
  const stopReason = refusal !== '' ? 'refusal' : stopReasonOf(choice.finish_reason, sawToolUse, stopSequence);
  return {
    id: newId('msg_'),
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? stopSequence : null,
    usage: usageOf(isRecord(chat) && isRecord(chat.usage) ? (chat.usage as ChatUsage) : undefined),
  };
}
