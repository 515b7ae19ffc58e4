import { base62Id } from '../random-id.ts';
import type { ChatUsage } from './chat-types.ts';
import type { DeltaUsage, StopReason, Usage } from './types.ts';

/** An Anthropic-style id (`msg_…`, `toolu_…`): 24 random base62 characters after the prefix. */
export function newId(prefix: 'msg_' | 'toolu_'): string {
  return base62Id(prefix);
}

/**
 * A chat finish reason as a stop reason. A `stop` that came with tool calls is `tool_use`
 * (Ollama and Gemini say `stop` there), and `stop_sequence` is told from `end_turn` by the
 * matched sequence (see matchStopSequence).
 */
export function stopReasonOf(finish: unknown, sawToolUse: boolean, stopSequence: string | null): StopReason {
  if (finish === 'length') return 'max_tokens';
  if (finish === 'content_filter') return 'refusal';
  if (finish === 'tool_calls' || finish === 'function_call' || sawToolUse) return 'tool_use';
  return stopSequence === null ? 'end_turn' : 'stop_sequence';
}

/**
 * Which of the request's stop sequences ended the answer. Chat does not say: vLLM and
 * SGLang name it in the choice's `stop_reason`; a backend that keeps it in the text shows it
 * at the end. Otherwise (OpenAI strips it) an answer cut by one reads as `end_turn`.
 */
export function matchStopSequence(finish: unknown, vendorStop: unknown, tail: string, stops: readonly string[]): string | null {
  if (finish !== 'stop' || stops.length === 0) return null;
  if (typeof vendorStop === 'string' && stops.includes(vendorStop)) return vendorStop;
  for (const stop of stops) if (stop !== '' && tail.endsWith(stop)) return stop;
  return null;
}

/** The longest stop sequence: how much of the answer's tail to keep for matchStopSequence. */
export function tailLength(stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) longest = Math.max(longest, stop.length);
  return longest;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** The cached prompt tokens, from OpenAI's details or DeepSeek's counter. */
function cachedTokens(usage: ChatUsage): number {
  return count(usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens);
}

/**
 * Chat usage as Anthropic usage. OpenAI's prompt_tokens include the cached ones, Anthropic's
 * input_tokens do not (its total is input + cache_creation + cache_read). Cache writes are
 * not reported by chat backends: 0.
 */
export function usageOf(usage: ChatUsage | undefined): Usage {
  if (usage === undefined) return { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const cached = cachedTokens(usage);
  const result: Usage = {
    input_tokens: Math.max(0, count(usage.prompt_tokens) - cached),
    output_tokens: count(usage.completion_tokens),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
  const thinking = count(usage.completion_tokens_details?.reasoning_tokens);
  if (thinking > 0) result.output_tokens_details = { thinking_tokens: thinking };
  return result;
}

/** The usage of `message_delta`: output tokens always, the rest when the backend reported usage. */
export function deltaUsageOf(usage: ChatUsage | undefined): DeltaUsage {
  if (usage === undefined) return { output_tokens: 0 };
  return usageOf(usage);
}
