export {};
// The benchmark's upstream: a minimal OpenAI-compatible server on Bun, in its own process,
// so it is never the bottleneck (the direct rows of RESULTS.md show its own ceiling).
// POST …/chat/completions answers a fixed chat completion, or with "stream":true an SSE stream
// of ?chunks=N content events ?gap=MS apart; with ?stamp each event's id carries the time it
// was sent (epoch ms), so a client can tell the mock's own timer jitter from delays added on
// the way. A translated call reaches the mock without the client's query string, so a base
// URL such as …/chunks-100-gap-1/v1 sets those two for every call through it (a query wins).
// A stream that asks for usage (stream_options.include_usage, as the gateway's translations and
// most SDKs do) is shaped like OpenAI's: a role chunk, the content deltas, the finish chunk, a
// usage chunk, [DONE]. One that does not keeps the older shape the other steps are measured on
// (content deltas, finish chunk, [DONE]). Paths containing /fail503/ answer 503; /stall/ never answer.
const encoder = new TextEncoder();
const JSON_BODY = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'The quick brown fox jumps over the lazy dog.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 10, total_tokens: 19 },
});
const CHUNK = '"object":"chat.completion.chunk","created":1,"model":"bench-model"';
const event = (i: number, stamp: boolean) =>
  encoder.encode(`data: {"id":"c${stamp ? `@${(performance.timeOrigin + performance.now()).toFixed(3)}` : ''}",${CHUNK},"choices":[{"index":0,"delta":{"content":"t${i} "},"finish_reason":null}]}\n\n`);
const ROLE = encoder.encode(`data: {"id":"c",${CHUNK},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n`);
const FINISH = `data: {"id":"c",${CHUNK},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n`;
const DONE = encoder.encode(`${FINISH}data: [DONE]\n\n`);
const usageAndDone = (chunks: number) =>
  encoder.encode(`${FINISH}data: {"id":"c",${CHUNK},"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":${chunks},"total_tokens":${9 + chunks}}}\n\ndata: [DONE]\n\n`);
let open = 0;

/** ?chunks and ?gap, else the base URL's /chunks-N-gap-MS/ segment, else 20 events with no gap. */
function streamShape(url: URL): { chunks: number; gap: number } {
  const fromPath = /\/chunks-(\d+)-gap-(\d+)\//.exec(url.pathname);
  return {
    chunks: Number(url.searchParams.get('chunks') ?? fromPath?.[1] ?? 20),
    gap: Number(url.searchParams.get('gap') ?? fromPath?.[2] ?? 0),
  };
}

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.MOCK_PORT ?? 0),
  idleTimeout: 0,
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === '/stats') return Response.json({ open });
    if (url.pathname.includes('/stall/')) return new Promise<Response>(() => {});
    const body = await req.text();
    if (url.pathname.includes('/fail503/')) return Response.json({ error: { message: 'overloaded' } }, { status: 503 });
    if (!body.includes('"stream":true')) return new Response(JSON_BODY, { headers: { 'content-type': 'application/json' } });
    const { chunks, gap } = streamShape(url);
    const stamp = url.searchParams.has('stamp');
    const withUsage = body.includes('"include_usage":true');
    let i = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    open++;
    let closed = false;
    const close = () => {
      if (!closed) (closed = true), open--;
    };
    return new Response(
      new ReadableStream({
        type: 'direct',
        async pull(controller: { write(b: Uint8Array): void; flush(): Promise<void>; close(): void }) {
          try {
            if (withUsage) {
              controller.write(ROLE); // just before the first content, in a write of its own
              await controller.flush();
            }
            for (; i < chunks; i++) {
              if (gap > 0 && i > 0) await new Promise((r) => (timer = setTimeout(r, gap)));
              controller.write(event(i, stamp));
              await controller.flush();
            }
            controller.write(withUsage ? usageAndDone(chunks) : DONE);
            await controller.flush();
            controller.close();
          } finally {
            close();
          }
        },
        cancel() {
          clearTimeout(timer);
          close();
        },
      } as unknown as UnderlyingDefaultSource<Uint8Array>),
      { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } },
    );
  },
});
console.log(`mock listening on ${server.port}`);
