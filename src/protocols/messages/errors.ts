import { isRecord } from './read.ts';
import type { AnthropicErrorBody, AnthropicErrorType } from './types.ts';

const BY_STATUS: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  // Anthropic's own 503s say overloaded_error, and Claude Code treats that type (or a 529) as
  // "overloaded": it retries, and switches to its --fallback-model after repeated ones.
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const TYPES = new Set<string>(Object.values(BY_STATUS));

/** The `error.type` Anthropic uses for an HTTP status; other 4xx are invalid_request_error. */
export function anthropicErrorType(status: number): AnthropicErrorType {
  return BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/**
 * Anthropic's error body for a status and message (`{"type":"error","error":{…}}`); the same
 * object is the data of the in-band `error` event.
 * @example
 * new Response(JSON.stringify(anthropicError(529, 'Overloaded')), { status: 529 })
 */
export function anthropicError(status: number, message: string, type: AnthropicErrorType = anthropicErrorType(status)): AnthropicErrorBody {
  return { type: 'error', error: { type, message } };
}

/**
 * A chat backend's error answer as Anthropic's error body for the client. The message is
 * kept as the backend wrote it (Claude Code recognises third-party context-length wordings
 * and compacts); the type follows the status. Keys were already redacted from `body`.
 */
export function chatErrorToAnthropic(status: number, body: unknown): AnthropicErrorBody {
  const parsed = typeof body === 'string' ? parseJson(body) : body;
  if (isRecord(parsed) && parsed.type === 'error' && isRecord(parsed.error)) {
    const { type, message } = parsed.error;
    if (typeof type === 'string' && TYPES.has(type) && typeof message === 'string') return anthropicError(status, message, type as AnthropicErrorType);
  }
  return anthropicError(status, messageOf(parsed) ?? rawText(body) ?? `The backend answered HTTP ${status}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `error.message` (OpenAI), `error` as a string, `message`, or `detail` (FastAPI servers). */
function messageOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  if (isRecord(error) && typeof error.message === 'string' && error.message !== '') return error.message;
  for (const value of [error, body.message, body.detail]) if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

function rawText(body: unknown): string | undefined {
  if (typeof body !== 'string' || body.trim() === '') return undefined;
  return body.length > 1000 ? `${body.slice(0, 1000)}…` : body;
}
