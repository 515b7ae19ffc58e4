/**
 * The subset of OpenAI chat completions this translator writes (requests) and reads (answers).
 * Answers arrive as parsed JSON of unknown shape; these types describe what is looked for.
 */

/** A content part of a chat user message. */
export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } }
  | { type: 'input_audio'; input_audio: { data: string; format: string } }
  | { type: 'file'; file: { file_data: string; filename?: string } };

/** A tool call on an assistant message. */
export type ChatToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };

/** One chat message. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[]; reasoning_content?: string }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A function tool. */
export type ChatTool = {
  type: 'function';
  function: { name: string; description?: string; parameters?: unknown; strict?: boolean };
};

/** How the model may use tools. */
export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

/** Structured output settings. */
export type ChatResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema?: unknown; strict?: boolean; description?: string } };

/** A chat completions request body, as the gateway will serialise it. */
export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  response_format?: ChatResponseFormat;
  reasoning_effort?: string;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
};

/** Token counts as chat completions report them (DeepSeek adds its own cache field). */
export type ChatUsage = {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
  prompt_cache_hit_tokens?: number;
};

/** A tool call as it appears in an answer: whole in a message, or piecewise in a stream delta. */
export type ChatToolCallPart = {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
};

/** The message of a non-streamed choice, or the delta of a streamed one. */
export type ChatAnswerMessage = {
  role?: string;
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  refusal?: string | null;
  tool_calls?: ChatToolCallPart[] | null;
  function_call?: { name?: string; arguments?: string } | null;
};

/** A choice of a completion or a chunk. */
export type ChatChoice = {
  index?: number;
  message?: ChatAnswerMessage;
  delta?: ChatAnswerMessage;
  finish_reason?: string | null;
};

/** A chat.completion or a chat.completion.chunk. */
export type ChatCompletion = {
  id?: string;
  created?: number;
  model?: string;
  choices?: ChatChoice[];
  usage?: ChatUsage | null;
};
