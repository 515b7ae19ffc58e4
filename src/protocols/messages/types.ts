/**
 * The Anthropic Messages shapes the gateway writes, after anthropic-sdk-typescript's
 * `src/resources/messages/messages.ts` (a focused subset; requests are read as unchecked
 * JSON in request*.ts and validated field by field).
 */

/** Why the model stopped, as Anthropic says it. */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/** A text block of an answer. */
export interface TextBlock {
  type: 'text';
  text: string;
}

/**
 * Reasoning shown as a thinking block. `signature` is always "": only Anthropic can sign
 * thinking, and an empty signature tells every reader (and a passthrough) that it is unsigned.
 */
export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

/** A tool call of an answer. */
export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

/** The content blocks a translated answer can hold. */
export type ContentBlock = TextBlock | ThinkingBlock | ToolUseBlock;

/** Token counts; input excludes cached tokens, as Anthropic counts them. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
}

/** A complete answer (`type: "message"`). */
export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: Usage;
}

/** The `error.type` values of Anthropic's error bodies (anthropic-sdk-typescript `ErrorType`). */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

/** Anthropic's error body, over HTTP and as the data of an in-band `error` event. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
}

/** A delta of a content block. */
export type BlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string };

/** Usage in `message_delta`: cumulative totals, present when the backend reported them. */
export interface DeltaUsage {
  output_tokens: number;
  input_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  output_tokens_details?: { thinking_tokens: number };
}

/** The events of a streamed answer, each sent as `event: <type>` + `data: <json>`. */
export type MessagesStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: ContentBlock }
  | { type: 'content_block_delta'; index: number; delta: BlockDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: StopReason; stop_sequence: string | null }; usage: DeltaUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | AnthropicErrorBody;
