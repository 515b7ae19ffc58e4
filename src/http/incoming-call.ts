import type { Context } from 'hono';
import type { IncomingCall } from '../upstream/upstream-request.ts';
import { GatewayError } from './errors.ts';
import { checkJsonContentType, parseJsonObject, readBody } from './read-body.ts';

export interface ParsedCall {
  call: IncomingCall;
  /** The requested model, which picks the alias. */
  model: string | undefined;
  stream: boolean;
}

/**
 * Reads and checks what a client sent, before any backend is involved: the path, the
 * body (size, time, JSON shape) and, for completions, the model. Throws OpenAI-shaped 4xx.
 */
export async function readCall(
  c: Context,
  headers: Headers,
  { maxBodyBytes, clientTimeoutMs, completions }: { maxBodyBytes: number; clientTimeoutMs: number; completions: boolean },
): Promise<ParsedCall> {
  const req = c.req.raw;
  if (completions) checkJsonContentType(headers);
  checkPath(c.req.path); // as sent: some runtimes hand over dot segments unresolved
  const bytes = await readBody(req, headers, maxBodyBytes, clientTimeoutMs);
  const body = completions ? parseJsonObject(bytes) : undefined;
  const model = body ? body.model : 'fast';
  if (model !== undefined && typeof model !== 'string') {
    throw new GatewayError(400, 'The "model" field must be a string.', { param: 'model', code: 'invalid_model' });
  }
  const call = { method: req.method, headers, url: new URL(req.url), bytes, json: body && { model } };
  return { call, model, stream: body?.stream === true };
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
