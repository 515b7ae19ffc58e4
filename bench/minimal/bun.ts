// The floor for Bun: Bun.serve + fetch, no checks, no failover. The benchmark runs it beside
// the gateway so "what the runtime allows" is measured on the same machine in the same run.
export {};
const base = process.env.FAST_BASE_URL!;
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(process.env.PROXY_PORT ?? 0),
  async fetch(req) {
    const url = new URL(req.url);
    const headers = { 'content-type': req.headers.get('content-type') ?? 'application/json' };
    const res = await fetch(base + url.pathname.replace(/^\/v1/, '') + url.search, { method: req.method, headers, body: await req.arrayBuffer() });
    return new Response(res.body, { status: res.status, headers: res.headers });
  },
});
console.log(`minimal proxy listening on http://127.0.0.1:${server.port}/v1`);
