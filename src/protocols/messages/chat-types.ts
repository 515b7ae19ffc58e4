/**
 * The subset of OpenAI chat completions this translation writes and reads. Fields other
 * providers add (`reasoning_content`, `reasoning`, vLLM's `stop_reason`, DeepSeek's cache
 * counters) are typed where we use them.
 */

/** A part of a user message. */
export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } };

/** A function call the assistant made, as sent back in history. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One message of a chat completions request. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[]; reasoning_content?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A function tool definition. */
export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** How the model may call tools. */
export type ChatToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };

/** The chat completions request body the gateway sends (it overwrites `model` afterwards). */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string[];
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: 'low' | 'medium' | 'high';
  response_format?: { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown> } };
  user?: string;
  stream?: true;
  stream_options?: { include_usage: true };
}

/** Token counts as chat backends report them. */
export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  /** DeepSeek reports its prompt cache this way instead. */
  prompt_cache_hit_tokens?: number;
}
