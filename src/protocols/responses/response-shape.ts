import type { ChatUsage } from './chat-types.ts';
import { newId } from './ids.ts';
import { isObject, numberOf, stringOf } from './json.ts';
import type { ResponsesAnswerContext } from './request.ts';
import type { CustomToolCallItem, FunctionCallItem, ItemStatus, ResponseObject, ResponseStatus, ResponseUsage } from './types.ts';

/** A response object before any output, echoing the request. Every field written out: one shape, made and serialized fast. */
export function newResponse(answer: ResponsesAnswerContext, fields: { id?: string; createdAt: number; model?: string }): ResponseObject {
  const echo = answer.echo;
  return {
    id: fields.id ?? newId('resp'),
    object: 'response',
    created_at: fields.createdAt,
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    model: fields.model || answer.model,
    output: [],
    usage: null,
    instructions: echo.instructions,
    max_output_tokens: echo.max_output_tokens,
    metadata: echo.metadata,
    parallel_tool_calls: echo.parallel_tool_calls,
    previous_response_id: echo.previous_response_id,
    reasoning: echo.reasoning,
    service_tier: echo.service_tier,
    store: echo.store,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_p: echo.top_p,
    truncation: echo.truncation,
    user: echo.user,
    prompt_cache_key: echo.prompt_cache_key,
    safety_identifier: echo.safety_identifier,
  };
}

/** How a chat finish reason ends a response: `length` and `content_filter` leave it incomplete. */
export function endOf(finishReason: unknown): { status: ResponseStatus; incomplete: { reason: string } | null } {
  if (finishReason === 'length') return { status: 'incomplete', incomplete: { reason: 'max_output_tokens' } };
  if (finishReason === 'content_filter') return { status: 'incomplete', incomplete: { reason: 'content_filter' } };
  return { status: 'completed', incomplete: null };
}

/**
 * Chat usage as Responses usage. Zeros stand in when the backend sent none: the AI SDK reads a
 * completed response's usage as required and ignores the whole event without it.
 */
export function responseUsage(usage: ChatUsage | null | undefined): ResponseUsage {
  const u = isObject(usage) ? usage : {};
  const input = numberOf(u.prompt_tokens) ?? 0;
  const output = numberOf(u.completion_tokens) ?? 0;
  const cached = numberOf(u.prompt_tokens_details?.cached_tokens) ?? numberOf(u.prompt_cache_hit_tokens) ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: numberOf(u.completion_tokens_details?.reasoning_tokens) ?? 0 },
    total_tokens: numberOf(u.total_tokens) ?? input + output,
  };
}

/** A chat tool call as the client's kind of call: a function call, or a custom tool call for free-form tools. */
export function callItem(
  answer: ResponsesAnswerContext,
  call: { callId: string; name: string; args: string; id?: string },
  status: ItemStatus,
): FunctionCallItem | CustomToolCallItem {
  const tool = answer.tools.get(call.name);
  if (tool?.type === 'custom') {
    return { id: call.id ?? newId('ctc'), type: 'custom_tool_call', status, call_id: call.callId, name: tool.name, input: customInput(call.args) };
  }
  const item: FunctionCallItem = { id: call.id ?? newId('fc'), type: 'function_call', status, call_id: call.callId, name: tool?.name ?? call.name, arguments: call.args };
  if (tool?.namespace) item.namespace = tool.namespace;
  return item;
}

/** The raw input of a custom tool from its one-string function arguments (or the arguments as they are). */
export function customInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    const input = isObject(parsed) ? stringOf(parsed.input) : undefined;
    if (input !== undefined) return input;
  } catch {
    // not JSON: the model wrote the raw input itself
  }
  return args;
}
