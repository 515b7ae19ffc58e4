// Minimal but valid OpenAI Responses API answers (JSON and SSE), written from the event shapes in
// openai-node's src/resources/responses/responses.ts, for the recording server and native mocks.

/** One output of a scripted turn: text, or a function call. */
export type ResponsesOutput = { type: 'text'; text: string } | { type: 'function_call'; name: string; arguments: string; callId?: string };

const usage = { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 17 };

function outputItem(out: ResponsesOutput, i: number, status: 'in_progress' | 'completed') {
  if (out.type === 'text') {
    const content = status === 'completed' ? [{ type: 'output_text', text: out.text, annotations: [], logprobs: [] }] : [];
    return { id: `msg_${i}`, type: 'message', status, role: 'assistant', content };
  }
  return { id: `fc_${i}`, type: 'function_call', status, call_id: out.callId ?? `call_${i}`, name: out.name, arguments: status === 'completed' ? out.arguments : '' };
}

function responseObject(id: string, model: string, status: string, output: unknown[], withUsage: boolean) {
  return {
    id,
    object: 'response',
    created_at: 1_760_000_000,
    status,
    error: null,
    incomplete_details: null,
    instructions: null,
    model,
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    temperature: 1,
    top_p: 1,
    store: false,
    text: { format: { type: 'text' } },
    usage: withUsage ? usage : null,
    metadata: {},
  };
}

/** A complete non-streamed Responses object. */
export function responsesJson(outputs: ResponsesOutput[], model = 'recorded-model', id = 'resp_recorded'): unknown {
  return responseObject(id, model, 'completed', outputs.map((o, i) => outputItem(o, i, 'completed')), true);
}

/** The SSE events of a streamed Responses turn, response.created through response.completed. */
export function responsesEvents(outputs: ResponsesOutput[], model = 'recorded-model', id = 'resp_recorded'): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = [];
  events.push({ type: 'response.created', response: responseObject(id, model, 'in_progress', [], false) });
  events.push({ type: 'response.in_progress', response: responseObject(id, model, 'in_progress', [], false) });
  outputs.forEach((out, i) => events.push(...itemEvents(out, i)));
  const done = outputs.map((o, i) => outputItem(o, i, 'completed'));
  events.push({ type: 'response.completed', response: responseObject(id, model, 'completed', done, true) });
  return events.map((e, n) => ({ ...e, sequence_number: n }));
}

function itemEvents(out: ResponsesOutput, i: number): Array<Record<string, unknown>> {
  const added = { type: 'response.output_item.added', output_index: i, item: outputItem(out, i, 'in_progress') };
  const done = { type: 'response.output_item.done', output_index: i, item: outputItem(out, i, 'completed') };
  if (out.type === 'function_call') {
    const item_id = `fc_${i}`;
    return [
      added,
      { type: 'response.function_call_arguments.delta', item_id, output_index: i, delta: out.arguments },
      { type: 'response.function_call_arguments.done', item_id, output_index: i, name: out.name, arguments: out.arguments },
      done,
    ];
  }
  const item_id = `msg_${i}`;
  const at = { item_id, output_index: i, content_index: 0 };
  const half = Math.ceil(out.text.length / 2);
  return [
    added,
    { type: 'response.content_part.added', ...at, part: { type: 'output_text', text: '', annotations: [] } },
    { type: 'response.output_text.delta', ...at, delta: out.text.slice(0, half), logprobs: [] },
    { type: 'response.output_text.delta', ...at, delta: out.text.slice(half), logprobs: [] },
    { type: 'response.output_text.done', ...at, text: out.text, logprobs: [] },
    { type: 'response.content_part.done', ...at, part: { type: 'output_text', text: out.text, annotations: [] } },
    done,
  ];
}

/** Events as SSE text: `event: <type>` and `data: <json>` per event, as OpenAI sends them. */
export function toSse(events: Array<Record<string, unknown>>): string {
  return events.map((e) => `event: ${String(e.type)}\ndata: ${JSON.stringify(e)}\n\n`).join('');
}
