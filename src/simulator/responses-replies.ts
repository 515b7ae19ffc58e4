import { type Turn, greeting, wordPieces } from './reply-text.ts';
import { namedFrame, paced, sseResponse } from './sse-stream.ts';

/**
 * Native OpenAI Responses API answers (`POST …/responses`), JSON or SSE, shaped as in openai-node's
 * `Response` and `ResponseStreamEvent` types: one assistant message with one `output_text` part.
 * Text only: the simulator makes no tool calls in this mode.
 */

/** The parts of a Responses request the simulator echoes back. */
export interface ResponsesRequestBody {
  model?: unknown;
  stream?: unknown;
  instructions?: unknown;
  input?: unknown;
  tools?: unknown;
  store?: unknown;
  max_output_tokens?: unknown;
  previous_response_id?: unknown;
  metadata?: unknown;
}

type Status = 'in_progress' | 'completed';

const outputText = (text: string) => ({ type: 'output_text', text, annotations: [], logprobs: [] });

function messageItem(turn: Turn, status: Status, text: string) {
  return { id: `msg_${turn.name}_${turn.serial}`, type: 'message', status, role: 'assistant', content: status === 'completed' ? [outputText(text)] : [] };
}

function responseObject(turn: Turn, body: ResponsesRequestBody, status: Status, text: string) {
  const outputTokens = wordPieces(text).length;
  const usage = {
    input_tokens: turn.promptTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: turn.promptTokens + outputTokens,
  };
  return {
    id: `resp_${turn.name}_${turn.serial}`,
    object: 'response',
    created_at: turn.created,
    status,
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    model: turn.model,
    output: status === 'completed' ? [messageItem(turn, status, text)] : [],
    parallel_tool_calls: true,
    previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    reasoning: { effort: null, summary: null },
    store: body.store !== false,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: Array.isArray(body.tools) ? body.tools : [],
    top_p: 1,
    truncation: 'disabled',
    usage: status === 'completed' ? usage : null,
    metadata: body.metadata && typeof body.metadata === 'object' ? body.metadata : {},
  };
}

/** A non-streamed Responses answer: the completed `response` object. */
export function responsesJson(turn: Turn, body: ResponsesRequestBody): Response {
  return Response.json(responseObject(turn, body, 'completed', greeting(turn)));
}

/** The events of a streamed Responses answer, response.created through response.completed, numbered from 0. */
export function responsesEvents(turn: Turn, body: ResponsesRequestBody): Array<{ type: string; sequence_number: number }> {
  const text = greeting(turn);
  const at = { item_id: messageItem(turn, 'completed', text).id, output_index: 0, content_index: 0 };
  const events: Array<Record<string, unknown> & { type: string }> = [
    { type: 'response.created', response: responseObject(turn, body, 'in_progress', text) },
    { type: 'response.in_progress', response: responseObject(turn, body, 'in_progress', text) },
    { type: 'response.output_item.added', output_index: 0, item: messageItem(turn, 'in_progress', text) },
    { type: 'response.content_part.added', ...at, part: outputText('') },
    ...wordPieces(text).map((delta) => ({ type: 'response.output_text.delta', ...at, delta, logprobs: [] })),
    { type: 'response.output_text.done', ...at, text, logprobs: [] },
    { type: 'response.content_part.done', ...at, part: outputText(text) },
    { type: 'response.output_item.done', output_index: 0, item: messageItem(turn, 'completed', text) },
    { type: 'response.completed', response: responseObject(turn, body, 'completed', text) },
  ];
  return events.map((event, sequence_number) => ({ ...event, sequence_number }));
}

/** A streamed Responses answer: `event:`/`data:` frames, the text deltas paced. */
export function responsesStream(turn: Turn, body: ResponsesRequestBody): Response {
  const frames = responsesEvents(turn, body).map((event) => ({ text: namedFrame(event), paced: event.type === 'response.output_text.delta' }));
  return sseResponse(paced(turn.chunkDelayMs, frames));
}
