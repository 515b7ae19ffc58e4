// The floor for Deno: Deno.serve + fetch, no checks, no failover (see bun.ts).
const base = Deno.env.get('FAST_BASE_URL')!;
Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.env.get('PROXY_PORT') ?? 0), onListen: ({ port }) => console.log(`minimal proxy listening on http://127.0.0.1:${port}/v1`) }, async (req) => {
  const url = new URL(req.url);
  const headers = { 'content-type': req.headers.get('content-type') ?? 'application/json' };
  const res = await fetch(base + url.pathname.replace(/^\/v1/, '') + url.search, { method: req.method, headers, body: await req.arrayBuffer() });
  return new Response(res.body, { status: res.status, headers: res.headers });
});
