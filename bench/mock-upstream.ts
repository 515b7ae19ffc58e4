export {};
// The benchmark's upstream: a minimal OpenAI-compatible server on Bun, in its own process,
// so it is never the bottleneck (the direct rows of RESULTS.md show its own ceiling).
// POST …/chat/completions answers a fixed JSON body, or with "stream":true an SSE stream of
// ?chunks=N events ?gap=MS apart; with ?stamp each event's id carries the time it was sent
// (epoch ms), so a client can tell the mock's own timer jitter from delays added on the way.
// Paths containing /fail503/ answer 503; /stall/ never answer.
const encoder = new TextEncoder();
const JSON_BODY = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'The quick brown fox jumps over the lazy dog.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 10, total_tokens: 19 },
});
const event = (i: number, stamp: boolean) =>
  encoder.encode(`data: {"id":"c${stamp ? `@${(performance.timeOrigin + performance.now()).toFixed(3)}` : ''}","object":"chat.completion.chunk","created":1,"model":"bench-model","choices":[{"index":0,"delta":{"content":"t${i} "},"finish_reason":null}]}\n\n`);
const DONE = encoder.encode('data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"bench-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
let open = 0;

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
    const chunks = Number(url.searchParams.get('chunks') ?? 20);
    const gap = Number(url.searchParams.get('gap') ?? 0);
    const stamp = url.searchParams.has('stamp');
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
            for (; i < chunks; i++) {
              if (gap > 0 && i > 0) await new Promise((r) => (timer = setTimeout(r, gap)));
              controller.write(event(i, stamp));
              await controller.flush();
            }
            controller.write(DONE);
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
