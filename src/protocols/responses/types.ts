/**
 * The subset of the OpenAI Responses API this translator produces: the `response` object, its
 * output items and the streamed events (names and fields as in openai-node's
 * `resources/responses/responses.ts`). Requests arrive as parsed JSON and are checked field by
 * field in request.ts, so they have no static type here.
 */

/** Status of an output item. */
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** A text part of an assistant message. */
export type OutputText = { type: 'output_text'; text: string; annotations: unknown[]; logprobs: unknown[] };

/** A refusal part of an assistant message. */
export type OutputRefusal = { type: 'refusal'; refusal: string };

/** A part of an assistant message. */
export type MessagePart = OutputText | OutputRefusal;

/** An assistant message. */
export type MessageItem = { id: string; type: 'message'; status: ItemStatus; role: 'assistant'; content: MessagePart[] };

/** A summary part of a reasoning item. */
export type SummaryText = { type: 'summary_text'; text: string };

/** Reasoning, as the model's summary text (chat backends' reasoning_content lands here). */
export type ReasoningItem = { id: string; type: 'reasoning'; summary: SummaryText[]; status?: ItemStatus };

/** A call of a function tool (`namespace` for tools declared inside a namespace tool). */
export type FunctionCallItem = {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  arguments: string;
  namespace?: string;
};

/** A call of a custom (free-form) tool. */
export type CustomToolCallItem = {
  id: string;
  type: 'custom_tool_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  input: string;
};

/** An output item the translator produces. */
export type OutputItem = MessageItem | ReasoningItem | FunctionCallItem | CustomToolCallItem;

/** Token counts of a response. */
export type ResponseUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

/** Status of a response. */
export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** The request fields a response echoes back, as the SDKs and the API reference expect them. */
export type ResponseEcho = {
  instructions: unknown;
  max_output_tokens: number | null;
  metadata: unknown;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: unknown;
  service_tier: unknown;
  store: boolean;
  temperature: number | null;
  text: unknown;
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: unknown;
  user: unknown;
  prompt_cache_key: unknown;
  safety_identifier: unknown;
};

/** The `response` object. */
export type ResponseObject = ResponseEcho & {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  background: false;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  model: string;
  output: OutputItem[];
  usage: ResponseUsage | null;
};

/** A streamed Responses event, `type` naming it; every event carries a `sequence_number`. */
export type ResponsesEvent = { type: string; sequence_number: number; [field: string]: unknown };
