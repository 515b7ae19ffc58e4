import type { ChatAnswerMessage, ChatCompletion } from './chat-types.ts';
import { newId } from './ids.ts';
import { isObject, numberOf, stringOf } from './json.ts';
import type { ResponsesAnswerContext } from './request.ts';
import { callItem, endOf, newResponse, responseUsage } from './response-shape.ts';
import type { ItemStatus, MessagePart, OutputItem, ResponseObject } from './types.ts';

/** Options for building a response: its id and the clock, for tests. */
export type ResponseOptions = { id?: string; now?: () => number };

/**
 * A chat completion (JSON) → a Responses `response` object: reasoning text as a reasoning item,
 * the text as a message, each tool call as a function or custom tool call; `length` makes it
 * incomplete with reason `max_output_tokens`.
 */
export function chatToResponse(chatJson: unknown, answer: ResponsesAnswerContext, options: ResponseOptions = {}): ResponseObject {
  const chat: ChatCompletion = isObject(chatJson) ? chatJson : {};
  const choice = Array.isArray(chat.choices) ? chat.choices[0] : undefined;
  const now = options.now ?? Date.now;
  const response = newResponse(answer, {
    id: options.id,
    createdAt: numberOf(chat.created) ?? Math.floor(now() / 1000),
    model: stringOf(chat.model),
  });
  const end = endOf(choice?.finish_reason);
  const message = isObject(choice?.message) ? choice.message : {};
  response.output = outputOf(message, answer, end.status === 'completed' ? 'completed' : 'incomplete');
  response.status = end.status;
  response.incomplete_details = end.incomplete;
  response.usage = responseUsage(chat.usage);
  return response;
}

function outputOf(message: ChatAnswerMessage, answer: ResponsesAnswerContext, last: ItemStatus): OutputItem[] {
  const output: OutputItem[] = [];
  const reasoning = stringOf(message.reasoning_content) || stringOf(message.reasoning);
  if (reasoning) output.push({ id: newId('rs'), type: 'reasoning', summary: [{ type: 'summary_text', text: reasoning }] });
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  const legacy = isObject(message.function_call) ? message.function_call : undefined;
  const parts: MessagePart[] = [];
  const text = stringOf(message.content);
  if (text) parts.push({ type: 'output_text', text, annotations: [], logprobs: [] });
  const refusal = stringOf(message.refusal);
  if (refusal) parts.push({ type: 'refusal', refusal });
  // A turn with neither text nor calls still answers with a message, as the API does.
  if (parts.length === 0 && calls.length === 0 && !legacy) parts.push({ type: 'output_text', text: '', annotations: [], logprobs: [] });
  if (parts.length > 0) output.push({ id: newId('msg'), type: 'message', status: 'completed', role: 'assistant', content: parts });
  for (const call of calls) {
    if (!isObject(call)) continue;
    const fn = isObject(call.function) ? call.function : {};
    output.push(callItem(answer, { callId: stringOf(call.id) || newId('call'), name: stringOf(fn.name) ?? '', args: stringOf(fn.arguments) ?? '' }, 'completed'));
  }
  if (legacy) output.push(callItem(answer, { callId: newId('call'), name: stringOf(legacy.name) ?? '', args: stringOf(legacy.arguments) ?? '' }, 'completed'));
  const final = output[output.length - 1];
  if (final && last === 'incomplete' && final.type !== 'reasoning') final.status = 'incomplete';
  return output;
}
