/**
 * A small OpenAI-compatible backend for the demo and the tests: it answers chat and text
 * completions (JSON or SSE) with a reply that names itself and the model it was asked for,
 * so aliasing, model forcing and failover are visible with curl.
 */
export interface SimulatedBackendOptions {
  name: string;
  /** Every Nth completion request answers 503, so failover shows on a predictable schedule. 0 = never. */
  failEvery?: number;
  /** Delay between streamed chunks. */
  chunkDelayMs?: number;
}

export interface SimulatedBackend {
  fetch: (req: Request) => Promise<Response>;
  /** Completion requests seen so far, failed ones included. */
  readonly requests: number;
}

const encoder = new TextEncoder();

export function createSimulatedBackend({ name, failEvery = 0, chunkDelayMs = 40 }: SimulatedBackendOptions): SimulatedBackend {
  let requests = 0;
  const fetch = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    if (req.method === 'GET' && path.endsWith('/models')) {
      return Response.json({ object: 'list', data: [{ id: `${name}-model`, object: 'model', created: 0, owned_by: name }] });
    }
    const chat = path.endsWith('/chat/completions');
    if (req.method !== 'POST' || (!chat && !path.endsWith('/completions'))) {
      return Response.json({ error: { message: `${name} has no ${req.method} ${path}`, type: 'invalid_request_error', param: null, code: null } }, { status: 404 });
    }
    requests++;
    const body = (await req.json().catch(() => ({}))) as { model?: string; stream?: boolean };
    if (failEvery > 0 && requests % failEvery === 0) {
      return Response.json(
        { error: { message: `${name} is overloaded (simulated: every ${failEvery}th request fails)`, type: 'api_error', param: null, code: null } },
        { status: 503, headers: { 'retry-after': '1' } },
      );
    }
    const model = body.model ?? 'unset';
    const words = `Hello from the ${name} backend, answering as model ${model}.`.split(' ');
    const id = `chatcmpl-${name}-${requests}`;
    if (body.stream === true) return streamReply({ id, model, words, chat, chunkDelayMs });
    const text = words.join(' ');
    const choice = chat
      ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }
      : { index: 0, text, finish_reason: 'stop' };
    return Response.json({
      id,
      object: chat ? 'chat.completion' : 'text_completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [choice],
      usage: { prompt_tokens: 8, completion_tokens: words.length, total_tokens: 8 + words.length },
    });
  };
  return {
    fetch,
    get requests() {
      return requests;
    },
  };
}

function streamReply({ id, model, words, chat, chunkDelayMs }: { id: string; model: string; words: string[]; chat: boolean; chunkDelayMs: number }): Response {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (piece: string | null, finish: string | null) =>
    chat
      ? { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: piece === null ? {} : { content: piece }, finish_reason: finish }] }
      : { id, object: 'text_completion', created, model, choices: [{ index: 0, text: piece ?? '', finish_reason: finish }] };
  const events = [
    ...words.map((w, i) => `data: ${JSON.stringify(chunk(i === 0 ? w : ` ${w}`, null))}\n\n`),
    `data: ${JSON.stringify(chunk(null, 'stop'))}\n\n`,
    'data: [DONE]\n\n',
  ];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      return new Promise<void>((resolve) => {
        timer = setTimeout(
          () => {
            controller.enqueue(encoder.encode(events[i++]!));
            if (i === events.length) controller.close();
            resolve();
          },
          i === 0 ? 0 : chunkDelayMs,
        );
      });
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
}
