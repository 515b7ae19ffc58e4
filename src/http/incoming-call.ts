import type { Context } from 'hono';
import { GatewayError } from '../errors.ts';
import type { Clock } from '../lifecycle/clock.ts';
import type { Protocol } from '../protocols/protocol.ts';
import { checkJsonContentType, parseJsonObject, readBody } from './read-body.ts';

/** What a client sent, read and checked: the parts every upstream request is built from. */
export interface IncomingCall {
  method: string;
  headers: Headers;
  url: URL;
  bytes: Uint8Array<ArrayBuffer>;
  /** Set for a call in a protocol the gateway reads: its body is a JSON object, whose model a backend may replace. */
  json?: { model: string | undefined };
}

export interface ParsedCall {
  call: IncomingCall;
  /** The parsed body, for a call in a protocol the gateway reads. */
  body: Record<string, unknown> | undefined;
  /** The requested model, which picks the alias. */
  model: string | undefined;
  stream: boolean;
}

export interface ReadCallOptions {
  maxBodyBytes: number;
  clientTimeoutMs: number;
  clock: Clock;
  /** The protocol whose JSON body names a model; none for a call passed on untouched. */
  protocol?: Protocol;
  /** The runtime's own reader of a whole body (`RequestFacts.requestBody`). */
  requestBody?: (c: Context) => Promise<Uint8Array<ArrayBuffer>>;
}

/**
 * Reads and checks what a client sent, before any backend is involved: the path, the body
 * (size, time, JSON shape) and, in a protocol the gateway reads, the model. Throws 4xx.
 */
export async function readCall(c: Context, headers: Headers, { maxBodyBytes, clientTimeoutMs, clock, protocol, requestBody }: ReadCallOptions): Promise<ParsedCall> {
  const req = c.req.raw;
  if (protocol) checkJsonContentType(headers);
  checkPath(c.req.path); // as sent: some runtimes hand over dot segments unresolved
  const bytes = await readBody(req, headers, { limit: maxBodyBytes, timeoutMs: clientTimeoutMs, clock, whole: requestBody && (() => requestBody(c)) });
  const body = protocol ? parseJsonObject(bytes) : undefined;
  const model = body ? protocol!.requestedModel(body) : 'fast';
  if (model !== undefined && typeof model !== 'string') {
    throw new GatewayError(400, 'The "model" field must be a string.', { param: 'model', code: 'invalid_model' });
  }
  const call = { method: req.method, headers, url: new URL(req.url), bytes, json: body && { model } };
  return { call, body, model, stream: body !== undefined && protocol!.wantsStream(body) };
}

/**
 * The path goes under each backend's base path as is, so it must not be able to climb out
 * of it: no dot segments, and no encoded slash, backslash or dot that an upstream might
 * decode into one. No OpenAI endpoint needs them.
 */
function checkPath(pathname: string): void {
  if (/%2e|%2f|%5c|\\|(^|\/)\.\.?(\/|$)/i.test(pathname)) {
    throw new GatewayError(400, 'The request path contains dot segments or encoded separators.', { code: 'invalid_path' });
  }
}
