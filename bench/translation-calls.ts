// The three calls the translation step compares, each a small realistic request with the same
// content: chat completions (passed through), an OpenAI Responses call and an Anthropic Messages
// call (both translated onto chat completions by a backend that speaks only chat). Shapes as in
// the SDKs' own types: openai-node's `FunctionTool` (`type`, `name`, `parameters`, `strict`) and
// anthropic-sdk-typescript's `Tool` (`name`, `description`, `input_schema`).

/** A call the translation step measures. */
export type Call = 'chat' | 'responses' | 'messages';
/** The three, in the order the first round takes them. */
export const CALLS: readonly Call[] = ['chat', 'responses', 'messages'];

const SYSTEM = 'You are a concise assistant. Use the tools when a question needs live data.';
const USER = 'What is the weather in Paris right now, and what time is it there?';
const TOOLS = [
  {
    name: 'get_weather',
    description: 'Get the current weather for a location.',
    parameters: {
      type: 'object',
      properties: { location: { type: 'string', description: 'City and country, e.g. Paris, France' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location', 'unit'],
      additionalProperties: false,
    },
  },
  {
    name: 'get_local_time',
    description: 'Get the local time in an IANA time zone.',
    parameters: { type: 'object', properties: { timezone: { type: 'string', description: 'e.g. Europe/Paris' } }, required: ['timezone'], additionalProperties: false },
  },
];

/** What the client sends for each call, not streamed. */
const PLAIN: Record<Call, Record<string, unknown>> = {
  // What the Responses call below becomes once translated: the same upstream request.
  chat: {
    model: 'gpt-4.1',
    messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: USER }],
    tools: TOOLS.map(({ name, description, parameters }) => ({ type: 'function', function: { name, description, parameters, strict: true } })),
  },
  responses: {
    model: 'gpt-4.1',
    instructions: SYSTEM,
    input: [{ role: 'user', content: USER }],
    tools: TOOLS.map(({ name, description, parameters }) => ({ type: 'function', name, description, parameters, strict: true })),
  },
  messages: {
    model: 'claude-sonnet-4-5',
    max_tokens: 1024,
    system: SYSTEM,
    messages: [{ role: 'user', content: USER }],
    tools: TOOLS.map(({ name, description, parameters }) => ({ name, description, input_schema: parameters })),
  },
};

/** Where each call goes. */
export const PATHS: Record<Call, string> = { chat: '/v1/chat/completions', responses: '/v1/responses', messages: '/v1/messages' };

/**
 * A call's body. Streamed chat asks for usage as the translations do, so the mock sends each
 * the same stream (role chunk, deltas, finish, usage, [DONE]).
 */
export function bodyOf(call: Call, streamed: boolean): string {
  if (!streamed) return JSON.stringify(PLAIN[call]);
  const extra = call === 'chat' ? { stream: true, stream_options: { include_usage: true } } : { stream: true };
  return JSON.stringify({ ...PLAIN[call], ...extra });
}

/** The mock's answer text, which every non-streamed answer must carry. */
const TEXT = '"The quick brown fox jumps over the lazy dog."';

/** What a whole answer in each protocol must hold. */
const ANSWERED: Record<Call, string[]> = {
  chat: ['"object":"chat.completion"', TEXT],
  responses: ['"object":"response"', '"status":"completed"', TEXT],
  messages: ['"type":"message"', '"stop_reason":"end_turn"', TEXT],
};
/** How each protocol carries one content delta, and how its stream ends cleanly. */
const STREAMED: Record<Call, { delta: string; end: string }> = {
  chat: { delta: '"delta":{"content":"t', end: 'data: [DONE]\n\n' },
  responses: { delta: '"type":"response.output_text.delta"', end: 'event: response.completed\n' },
  messages: { delta: '"type":"text_delta"', end: 'event: message_stop\n' },
};

/** An error event in any of the three protocols (Responses' `"error":null` is no error). */
const IN_BAND_ERROR = /event: (error|response\.failed)\n|"error":\{/;

/** What is wrong with a non-streamed answer (undefined: nothing). */
export function wrongAnswer(call: Call, status: number, text: string): string | undefined {
  if (status !== 200) return `${call}: answered ${status}`;
  const missing = ANSWERED[call].find((part) => !text.includes(part));
  return missing === undefined ? undefined : `${call}: the answer lacks ${missing}`;
}

/** What is wrong with a streamed answer of `deltas` content events (undefined: nothing). */
export function wrongStream(call: Call, status: number, text: string, deltas: number): string | undefined {
  if (status !== 200) return `${call} stream: answered ${status}`;
  const { delta, end } = STREAMED[call];
  const seen = text.split(delta).length - 1;
  if (seen !== deltas) return `${call} stream: ${seen} content deltas, not ${deltas}`;
  if (IN_BAND_ERROR.test(text)) return `${call} stream: an in-band error`;
  return text.includes(end) ? undefined : `${call} stream: no clean end`;
}
