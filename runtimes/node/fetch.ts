// The Node entry's upstream client: node:http(s) with keep-alive pools, exposed to the core as a
// plain fetch, far cheaper than Node 20's global fetch (docs/performance.md). It also enforces a
// backend's connect_timeout, which web fetch cannot, and decodes gzip/deflate/br bodies as fetch
// does, so the core sees the same.
import http from 'node:http';
import type https from 'node:https';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import type zlib from 'node:zlib';
import type { ChunkReader, FetchLike } from '../../src/runtime-contract.ts';
import { NodeHeaders } from './headers.ts';

// TLS and zlib load on first use: most setups need neither, and loading them at start slows
// start-up (docs/performance.md).
const require = createRequire(import.meta.url);
let httpsModule: typeof https | undefined;
const tls = () => (httpsModule ??= require('node:https') as typeof https);
let zlibModule: typeof zlib | undefined;
const z = () => (zlibModule ??= require('node:zlib') as typeof zlib);

const agents = new Map<string, http.Agent>();

/** One keep-alive pool per scheme; the connect timeout is applied per request below. */
function agentFor(protocol: string): http.Agent {
  let agent = agents.get(protocol);
  if (!agent) {
    const Agent = protocol === 'https:' ? tls().Agent : http.Agent;
    agent = new Agent({ keepAlive: true, scheduling: 'lifo', maxSockets: 512 });
    agents.set(protocol, agent);
  }
  return agent;
}

/**
 * Upstream URLs parsed once: a gateway sends to the same few URLs again and again, and
 * parsing one is costly on Node 20 (docs/performance.md). Bounded, since a client picks the
 * query string.
 */
interface Target extends Pick<http.RequestOptions, 'protocol' | 'hostname' | 'port' | 'path'> {
  /** The Host header: the URL's host, port included unless it is the scheme's default. */
  host: string;
  /** The Authorization header for credentials in the URL, if any. */
  basic: string | undefined;
}
const targets = new Map<string, Target>();
function targetOf(input: string): Target {
  let target = targets.get(input);
  if (!target) {
    // Only the fields a request needs, in a plain object (urlToHttpOptions gives a
    // null-prototype one, which made every request's options slower to read).
    const url = new URL(input);
    const { protocol, hostname, port, path, auth } = urlToHttpOptions(url);
    target = { protocol, hostname, port, path, host: url.host, basic: auth ? `Basic ${Buffer.from(auth).toString('base64')}` : undefined };
    if (targets.size >= 256) targets.clear();
    targets.set(input, target);
  }
  return target;
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
        controller.enqueue(view(chunk));
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

/**
 * A Node readable as the core reads an upstream body, chunk by chunk, with no web stream
 * between: on Node 20 one is costly on every stream and chunk (docs/performance.md). Pulled
 * (paused while a chunk waits), with the stream's failure rules.
 */
class ReadableChunks implements ChunkReader {
  #queue: Buffer[] = [];
  #ended = false;
  #failure: unknown;
  #waiting: { resolve: (result: ReadableStreamReadResult<Uint8Array>) => void; reject: (err: unknown) => void } | undefined;

  constructor(
    private readonly source: Readable,
    private readonly onCancel: () => void,
  ) {
    source.on('data', (chunk: Buffer) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting) waiting.resolve({ done: false, value: view(chunk) });
      else {
        this.#queue.push(chunk);
        source.pause();
      }
    });
    source.on('end', () => this.#end());
    source.on('error', (err) => this.#fail(err));
    // A connection that closes before the end is a failure, never a clean end.
    source.on('close', () => this.#ended || this.#fail(new Error('upstream closed the connection mid-body')));
  }

  read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    const chunk = this.#queue.shift();
    if (chunk) return Promise.resolve({ done: false, value: view(chunk) });
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#ended) return Promise.resolve({ done: true, value: undefined });
    this.source.resume();
    return new Promise((resolve, reject) => (this.#waiting = { resolve, reject }));
  }

  cancel(): Promise<void> {
    this.#queue = [];
    if (!this.#ended && this.#failure === undefined) this.onCancel();
    this.#end();
    return Promise.resolve();
  }

  #end(): void {
    this.#ended = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve({ done: true, value: undefined });
  }

  #fail(err: unknown): void {
    if (this.#ended || this.#failure !== undefined) return;
    this.#failure = err;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(err);
  }
}

const decoder = new TextDecoder();
const view = (chunk: Buffer) => new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/** A Node readable read whole, with the same failure rules as the stream above. */
function readAll(source: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    source.on('data', (chunk: Buffer) => chunks.push(chunk));
    source.on('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    source.on('error', reject);
    source.on('close', () => ended || reject(new Error('upstream closed the connection mid-body')));
  });
}

/**
 * The upstream answer as the core reads it: status, headers, and the body either whole
 * (`arrayBuffer`, straight from the socket) or as a web stream, built only when asked for.
 * Node 20's Response and web streams are costly (docs/performance.md); most answers need neither.
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

  /** The body for the core (`readBody`), null when there is none. */
  reader(): ChunkReader | null {
    if (!this.#source) return null;
    if (this.#used) throw new TypeError('Body is unusable: it has already been read');
    this.#used = true;
    return new ReadableChunks(this.#source, this.onCancel);
  }

  /** The body whole, as it came off the socket: a view, no copy (the core reads small answers so). */
  async bytes(): Promise<Uint8Array> {
    if (this.#used) throw new TypeError('Body is unusable: it has already been read');
    this.#used = true;
    return this.#source ? view(await readAll(this.#source)) : new Uint8Array(0);
  }

  /** A copy only when the body is part of a larger buffer: on Node 20 each new backing store costs 2-4 µs. */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const buf = await this.bytes();
    return buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength ? (buf.buffer as ArrayBuffer) : (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  }

  async text(): Promise<string> {
    return decoder.decode(await this.bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/**
 * The request's headers as a flat `[name, value, …]` list, Host and framing included. Given a
 * list, node:http checks each header and writes it as is; given a record, it first stores
 * each one through `setHeader` (checks, a lower-cased copy), then adds Host and Authorization.
 */
function headerList(given: Record<string, string>, target: Target, body: string | Uint8Array | null | undefined): string[] {
  const list: string[] = [];
  for (const name in given) if (name !== 'content-length') list.push(name, given[name]!); // the core sends lower-case names
  if (given.host === undefined) list.push('host', target.host);
  if (target.basic && given.authorization === undefined) list.push('authorization', target.basic);
  if (body != null) list.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
  return list;
}

/**
 * Hears an abort through the core's `EndSource` (fourth argument), not `init.signal`: on
 * Node 20 an AbortSignal is costly to build and listen on (docs/performance.md).
 */
const fetchOverHttp: FetchLike = (input, init, backend, end) =>
  new Promise<Response>((resolve, reject) => {
    const target = targetOf(input);
    const body = init.body as string | Uint8Array | null | undefined;
    const headers = headerList((init.headers ?? {}) as Record<string, string>, target, body); // the core sends a record
    const connectTimeoutMs = backend?.policy.connectTimeoutMs ?? 10_000;
    const send = target.protocol === 'https:' ? tls().request : http.request;
    const { protocol, hostname, port, path } = target;
    const req = send({ protocol, hostname, port, path, method: init.method, headers, agent: agentFor(protocol!) });
    const abort = () => req.destroy(new Error('aborted'));
    const signal = init.signal; // honoured too, for a caller that passes one
    if (end?.aborted || signal?.aborted) return abort(), reject(new Error('aborted'));
    const stopEnd = end?.listen(abort);
    signal?.addEventListener('abort', abort, { once: true });
    const stopHearing = stopEnd || signal ? () => (stopEnd?.(), signal?.removeEventListener('abort', abort)) : undefined;
    req.on('error', (err) => {
      stopHearing?.();
      reject(err);
    });
    req.on('socket', (socket) => {
      if (!socket.connecting || connectTimeoutMs <= 0) return;
      const timer = setTimeout(() => req.destroy(new Error(`connect timeout after ${connectTimeoutMs} ms`)), connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    req.on('response', (res) => {
      const out = new NodeHeaders(res.rawHeaders) as unknown as Headers;
      const status = res.statusCode ?? 502;
      if (stopHearing) res.on('close', stopHearing);
      if (init.method === 'HEAD' || status === 204 || status === 304) {
        res.resume();
        return resolve(new UpstreamResponse(input, status, out, null, () => {}) as unknown as Response);
      }
      const decode = DECODERS[(out.get('content-encoding') ?? '').trim().toLowerCase()];
      let source: Readable = res;
      if (decode) {
        source = res.pipe(decode()) as unknown as Readable;
        res.once('error', (err) => source.destroy(err));
        res.once('close', () => res.complete || source.destroy(new Error('upstream closed the connection mid-body')));
      }
      resolve(new UpstreamResponse(input, status, out, source, () => res.destroy()) as unknown as Response);
    });
    // A Buffer view, no copy: node:http converts a plain Uint8Array chunk itself, at a cost.
    req.end(body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : (body ?? undefined));
  });

export const nodeFetch: FetchLike = Object.assign(fetchOverHttp, {
  hearsAbort: true,
  readBody: (res: Response) => (res instanceof UpstreamResponse ? res.reader() : (res.body?.getReader() ?? null)),
});
