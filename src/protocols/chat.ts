import type { EventMeaning, Protocol } from './protocol.ts';

/**
 * OpenAI chat completions (and legacy text completions, which stream the same way): a stream
 * ends cleanly on `data: [DONE]` or a choice's finish reason; an error is `{"error": …}`.
 */

/** Delta fields that carry output. The one table of what counts as output for this protocol. */
const TEXT_OUTPUT = ['content', 'reasoning_content', 'reasoning', 'refusal'] as const;

interface Choice {
  index?: number;
  text?: unknown;
  delta?: Record<string, unknown> | null;
  finish_reason?: unknown;
}

const encoder = new TextEncoder();
const DONE: EventMeaning = { kind: 'empty', complete: true };
const MALFORMED: EventMeaning = { kind: 'malformed', complete: false };
const ERROR: EventMeaning = { kind: 'error', complete: false };

export const chat: Protocol = {
  name: 'chat',
  requestedModel: (body) => body.model,
  wantsStream: (body) => body.stream === true,

  readEvent(data) {
    if (data.trim() === '[DONE]') return DONE;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return MALFORMED;
    }
    if (typeof parsed !== 'object' || parsed === null) return MALFORMED;
    if ('error' in parsed && (parsed as { error: unknown }).error) return ERROR;
    const choices = (parsed as { choices?: unknown }).choices;
    let content = false;
    let complete = false;
    if (Array.isArray(choices)) {
      for (const choice of choices as Array<Choice | null>) {
        if (!choice) continue;
        if (choice.finish_reason) complete = true;
        if (hasOutput(choice)) content = true;
      }
    }
    return { kind: content ? 'content' : 'empty', complete, data: parsed };
  },

  textOf(data) {
    const choices = (data as { choices?: Choice[] } | undefined)?.choices;
    if (!choices || choices.length !== 1 || (choices[0]!.index ?? 0) !== 0) return undefined;
    const { delta, text } = choices[0]!;
    if (typeof text === 'string') return text;
    if (!delta) return undefined;
    for (const key of TEXT_OUTPUT) if (key !== 'content' && isSet(delta[key])) return undefined;
    if (isSet(delta.tool_calls) || isSet(delta.function_call)) return undefined;
    return typeof delta.content === 'string' ? delta.content : undefined;
  },

  withText(data, text) {
    const copy = structuredClone(data) as { choices: Choice[] };
    const choice = copy.choices[0]!;
    if (typeof choice.text === 'string') choice.text = text;
    else choice.delta!.content = text;
    return { data: copy, bytes: encoder.encode(`data: ${JSON.stringify(copy)}\n\n`) };
  },

  usageOf(data) {
    const usage = (data as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null } | undefined)?.usage;
    if (!usage || typeof usage.prompt_tokens !== 'number') return undefined;
    return { input: usage.prompt_tokens, output: typeof usage.completion_tokens === 'number' ? usage.completion_tokens : 0 };
  },

  errorEvent: (message, code) => encoder.encode(`data: ${JSON.stringify({ error: { message, type: 'api_error', param: null, code } })}\n\n`),
  errorResponse: (error) => error.getResponse(),
};

function hasOutput(choice: Choice): boolean {
  if (typeof choice.text === 'string' && choice.text !== '') return true; // legacy completions
  const delta = choice.delta;
  if (!delta || typeof delta !== 'object') return false;
  for (const key of TEXT_OUTPUT) if (typeof delta[key] === 'string' && delta[key] !== '') return true;
  return (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) || (delta.function_call !== undefined && delta.function_call !== null);
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';
