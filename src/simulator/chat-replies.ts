import type { ChatRequestBody, ChatTurnPlan } from './chat-turn.ts';
import { type Turn, wordPieces } from './reply-text.ts';
import { dataFrame, paced, sseResponse } from './sse-stream.ts';

/**
 * Chat completions answers shaped like real providers' (OpenAI's own, and the compatible ones):
 * a role in the first streamed chunk, tool calls with their arguments in fragments, usage in the
 * JSON answer and, when `stream_options.include_usage` asks, in a last chunk with no choices.
 */

const usageOf = (turn: Turn, completionTokens: number) => ({
  prompt_tokens: turn.promptTokens,
  completion_tokens: completionTokens,
  total_tokens: turn.promptTokens + completionTokens,
});

const callId = (turn: Turn) => `call_${turn.name}_${turn.serial}`;
const chatId = (turn: Turn) => `chatcmpl-${turn.name}-${turn.serial}`;
/** Output tokens as the simulator counts them: one per streamed piece. */
const outputTokens = (plan: ChatTurnPlan) => (plan.kind === 'text' ? wordPieces(plan.text).length : argumentFragments(plan.arguments).length);

/** A non-streamed chat completion: the text, or `message.tool_calls`. */
export function chatJson(turn: Turn, plan: ChatTurnPlan): Response {
  const message =
    plan.kind === 'text'
      ? { role: 'assistant', content: plan.text, refusal: null }
      : { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: callId(turn), type: 'function', function: { name: plan.name, arguments: plan.arguments } }] };
  return Response.json({
    id: chatId(turn),
    object: 'chat.completion',
    created: turn.created,
    model: turn.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.kind === 'text' ? 'stop' : 'tool_calls' }],
    usage: usageOf(turn, outputTokens(plan)),
  });
}

/** A streamed chat completion: role chunk, content or tool-call deltas, finish, usage if asked, [DONE]. */
export function chatStream(turn: Turn, plan: ChatTurnPlan, body: ChatRequestBody): Response {
  const base = { id: chatId(turn), object: 'chat.completion.chunk', created: turn.created, model: turn.model };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => dataFrame({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const deltas: Array<Record<string, unknown>> =
    plan.kind === 'text'
      ? wordPieces(plan.text).map((content) => ({ content }))
      : [
          { tool_calls: [{ index: 0, id: callId(turn), type: 'function', function: { name: plan.name, arguments: '' } }] },
          ...argumentFragments(plan.arguments).map((args) => ({ tool_calls: [{ index: 0, function: { arguments: args } }] })),
        ];
  const frames = [
    { text: chunk({ role: 'assistant', content: '' }), paced: false },
    ...deltas.map((delta) => ({ text: chunk(delta), paced: true })),
    { text: chunk({}, plan.kind === 'text' ? 'stop' : 'tool_calls'), paced: false },
  ];
  if (body.stream_options?.include_usage === true) frames.push({ text: dataFrame({ ...base, choices: [], usage: usageOf(turn, outputTokens(plan)) }), paced: false });
  frames.push({ text: 'data: [DONE]\n\n', paced: false });
  return sseResponse(paced(turn.chunkDelayMs, frames));
}

/** Tool arguments in the 2 or 3 fragments real providers stream them in (3 once there is room). */
export function argumentFragments(args: string): string[] {
  const count = args.length >= 6 ? 3 : 2;
  const size = Math.ceil(args.length / count);
  return Array.from({ length: count }, (_, i) => args.slice(i * size, (i + 1) * size)).filter((piece) => piece !== '');
}

/** A legacy text completion (`/completions`), JSON or streamed; it has no tools and no roles. */
export function textCompletion(turn: Turn, text: string, body: ChatRequestBody): Response {
  const pieces = wordPieces(text);
  const base = { id: `cmpl-${turn.name}-${turn.serial}`, object: 'text_completion', created: turn.created, model: turn.model };
  const usage = usageOf(turn, pieces.length);
  if (body.stream !== true) return Response.json({ ...base, choices: [{ index: 0, text, logprobs: null, finish_reason: 'stop' }], usage });
  const choice = (piece: string, finish: string | null) => dataFrame({ ...base, choices: [{ index: 0, text: piece, logprobs: null, finish_reason: finish }] });
  const frames = [
    ...pieces.map((piece, i) => ({ text: choice(piece, null), paced: i > 0 })),
    { text: choice('', 'stop'), paced: false },
  ];
  if (body.stream_options?.include_usage === true) frames.push({ text: dataFrame({ ...base, choices: [], usage }), paced: false });
  frames.push({ text: 'data: [DONE]\n\n', paced: false });
  return sseResponse(paced(turn.chunkDelayMs, frames));
}
