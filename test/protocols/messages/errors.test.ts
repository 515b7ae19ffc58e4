import { describe, expect, it } from 'vitest';
import { anthropicError, anthropicErrorType, chatErrorToAnthropic } from '../../../src/protocols/messages/errors.ts';

describe('anthropicError', () => {
  it('types errors by status as Anthropic does', () => {
    const table = Object.fromEntries([400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529, 599].map((s) => [s, anthropicErrorType(s)]));
    expect(table).toEqual({
      400: 'invalid_request_error',
      401: 'authentication_error',
      402: 'billing_error',
      403: 'permission_error',
      404: 'not_found_error',
      408: 'timeout_error',
      409: 'invalid_request_error',
      413: 'request_too_large',
      422: 'invalid_request_error',
      429: 'rate_limit_error',
      500: 'api_error',
      502: 'api_error',
      503: 'overloaded_error',
      504: 'timeout_error',
      529: 'overloaded_error',
      599: 'api_error',
    });
  });

  it('renders the body of Anthropic’s errors page', () => {
    expect(anthropicError(404, 'The requested resource could not be found.')).toEqual({ type: 'error', error: { type: 'not_found_error', message: 'The requested resource could not be found.' } });
    expect(anthropicError(200, 'cut', 'overloaded_error').error.type).toBe('overloaded_error');
  });
});

describe('chatErrorToAnthropic', () => {
  it('keeps an OpenAI error message, typed by status', () => {
    const body = { error: { message: "This model's maximum context length is 128000 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } };
    expect(chatErrorToAnthropic(400, body)).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: "This model's maximum context length is 128000 tokens." } });
    expect(chatErrorToAnthropic(429, JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests' } })).error).toEqual({ type: 'rate_limit_error', message: 'Rate limit reached' });
  });

  it('reads other providers’ shapes, raw text, and says something when there is nothing', () => {
    expect(chatErrorToAnthropic(503, { error: 'Service Unavailable' }).error).toEqual({ type: 'overloaded_error', message: 'Service Unavailable' });
    expect(chatErrorToAnthropic(422, { detail: 'Field required' }).error.message).toBe('Field required');
    expect(chatErrorToAnthropic(502, '<html>Bad Gateway</html>').error).toEqual({ type: 'api_error', message: '<html>Bad Gateway</html>' });
    expect(chatErrorToAnthropic(500, '').error.message).toBe('The backend answered HTTP 500');
  });

  it('keeps an Anthropic-shaped body from an Anthropic-compatible backend as it is', () => {
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_1' };
    expect(chatErrorToAnthropic(529, body)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });
});
