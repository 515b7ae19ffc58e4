// The Node entry's upstream client: undici's dispatcher (the engine under Node's own fetch,
// without the fetch and WHATWG-stream layers), exposed to the core as a plain fetch. Measured
// here: Node 20's global fetch cost several times more CPU per request, and node:http's client
// about a fifth more. It also enforces a backend's connect_timeout, which web fetch cannot,
// and decodes gzip/deflate/br bodies as fetch does, so the core sees the same.
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type zlib from 'node:zlib';
import type { Dispatcher, Agent as UndiciAgent } from 'undici';
// Only the Agent and the request API: the package index would bundle fetch, WebSocket, caches…
import AgentModule from 'undici/lib/dispatcher/agent.js';
import requestModule from 'undici/lib/api/api-request.js';
import type { FetchLike } from '../src/upstream/attempt.ts';

const Agent = AgentModule as unknown as typeof UndiciAgent;
const request = requestModule as unknown as (this: UndiciAgent, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

// zlib loads on first use: most backends answer uncompressed, and loading it costs start-up time.
const require = createRequire(import.meta.url);
let zlibModule: typeof zlib | undefined;
const z = () => (zlibModule ??= require('node:zlib') as typeof zlib);

/**
 * One keep-alive pool per connect timeout (undici sets it per agent). Its own header and body
 * timeouts are off: the core keeps its deadlines (first byte, first token, idle, total).
 */
const agents = new Map<number, UndiciAgent>();
function agentFor(connectTimeoutMs: number): UndiciAgent {
  let agent = agents.get(connectTimeoutMs);
  if (!agent) {
    agent = new Agent({ connect: { timeout: Math.max(0, connectTimeoutMs) } /* 0: none */, headersTimeout: 0, bodyTimeout: 0 });
    agents.set(connectTimeoutMs, agent);
  }
  return agent;
}

const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: () => z().createGunzip(),
  'x-gzip': () => z().createGunzip(),
  deflate: () => z().createInflate(),
  br: () => z().createBrotliDecompress(),
};

/** A Node readable as a web stream, pulled (backpressure) and destroyed on cancel. */
function toWebStream(source: Readable, onCancel: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false;
      source.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.once('end', () => {
        ended = true;
        controller.close();
      });
      source.once('error', (err) => controller.error(err));
      // A connection that closes before the end is a failure, never a clean end.
      source.once('close', () => ended || controller.error(new Error('upstream closed the connection mid-body')));
    },
    pull() {
      source.resume();
    },
    cancel() {
      onCancel();
    },
  });
}

/** A Node readable read whole, with the same failure rules as the stream above. */
function readAll(source: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    source.on('data', (chunk: Buffer) => chunks.push(chunk));
    source.once('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    source.once('error', reject);
    source.once('close', () => ended || reject(new Error('upstream closed the connection mid-body')));
  });
}

/**
 * The upstream answer as the core reads it: status, headers, and the body either whole
 * (`arrayBuffer`, straight from the socket) or as a web stream, built only when asked for.
 * Node 20's Response and web streams cost tens of µs per request; most answers need neither.
 */
class UpstreamResponse {
  readonly ok: boolean;
  readonly statusText = '';
  readonly redirected = false;
  readonly type = 'basic';
  #source: Readable | null;
  #stream: ReadableStream<Uint8Array> | undefined;
  #used = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    source: Readable | null,
    private readonly onCancel: () => void,
  ) {
    this.ok = status >= 200 && status < 300;
    this.#source = source;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (!this.#source) return null;
    this.#used = true;
    this.#stream ??= toWebStream(this.#source, this.onCancel);
    return this.#stream;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#used) throw new TypeError('Body is unusable: it has already been read');
    this.#used = true;
    if (!this.#source) return new ArrayBuffer(0);
    const buf = await readAll(this.#source);
    return buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? (buf.buffer as ArrayBuffer) : (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  }

  async text(): Promise<string> {
    return Buffer.from(await this.arrayBuffer()).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

export const nodeFetch: FetchLike = async (input, init, backend) => {
  const url = new URL(input);
  const headers: Record<string, string> = {};
  (init.headers as Headers).forEach((value, name) => (headers[name] = value));
  const answer = await request.call(agentFor(backend?.policy.connectTimeoutMs ?? 10_000), {
    origin: url.origin,
    path: url.pathname + url.search,
    method: init.method as Dispatcher.HttpMethod,
    headers,
    body: (init.body as string | Uint8Array | null | undefined) ?? null,
    signal: init.signal ?? undefined,
  });
  const out = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (Array.isArray(value)) for (const v of value) out.append(name, v);
    else if (value !== undefined) out.append(name, value);
  }
  const body = answer.body as unknown as Readable;
  const { statusCode: status } = answer;
  if (init.method === 'HEAD' || status === 204 || status === 304) {
    body.resume();
    return new UpstreamResponse(input, status, out, null, () => {}) as unknown as Response;
  }
  const decode = DECODERS[String(answer.headers['content-encoding'] ?? '').trim().toLowerCase()];
  let source = body;
  if (decode) {
    source = body.pipe(decode()) as unknown as Readable;
    body.once('error', (err) => source.destroy(err));
  }
  return new UpstreamResponse(input, status, out, source, () => body.destroy()) as unknown as Response;
};
