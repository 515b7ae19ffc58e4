// A scriptable OpenAI-compatible upstream on loopback: the simulated backend by default,
// or a raw node:http handler a test installs to misbehave in one exact way.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatedBackend } from '../../src/simulator/simulated-backend.ts';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface MockUpstream {
  port: number;
  url: string;
  /** Every request that reached this upstream, in order. */
  received: Received[];
  /** Resolves when the n-th request (1-based) has closed its connection or been answered. */
  closed(n: number): Promise<void>;
  use(handler: Handler): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startMockUpstream(name: string): Promise<MockUpstream> {
  const simulated = createSimulatedBackend({ name, chunkDelayMs: 5 });
  let handler: Handler | undefined;
  let received: Received[] = [];
  let closings: Array<Promise<void>> = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    const closedPromise = new Promise<void>((resolve) => res.on('close', resolve));
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    closings.push(closedPromise);
    if (handler) return void (await handler(req, res, body));
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    await writeResponse(res, await simulated.fetch(request));
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    async closed(n) {
      while (closings.length < n) await new Promise((r) => setTimeout(r, 5));
      await closings[n - 1];
    },
    use(h) {
      handler = h;
    },
    reset() {
      handler = undefined;
      received = [];
      closings = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes a web Response to a node:http response, chunk by chunk, stopping if the client leaves. */
async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (done) break;
    res.write(value);
  }
  res.end();
}

/** Helpers for handlers: OpenAI-shaped SSE events. */
export function sseEvent(content: string, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A slow answer: `count` token events `gapMs` apart, stopping early if the client left, then `end`. */
export async function trickleEvents(res: ServerResponse, count: number, gapMs: number, end = ''): Promise<void> {
  for (let i = 0; i < count && !res.destroyed; i++) {
    res.write(sseEvent(`t${i}`));
    await sleep(gapMs);
  }
  res.end(end);
}
