import { describe, expect, it } from 'vitest';
import { TranslationError, renderResponsesError } from '../../../src/protocols/responses/errors.ts';

describe('Responses errors', () => {
  it('renders a TranslationError as a 400 in OpenAI shape naming the field', async () => {
    const error = new TranslationError('tools[3].type', 'tools[3].type "computer" is not supported');
    expect(error.toJSON()).toEqual({ error: { message: 'tools[3].type "computer" is not supported', type: 'invalid_request_error', param: 'tools[3].type', code: 'unsupported_parameter' } });
    const res = error.getResponse();
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(error.toJSON());
  });

  it('renders gateway errors in the HTTP body shape', () => {
    expect(renderResponsesError(503, 'No backend answered', 'no_backend')).toEqual({ error: { message: 'No backend answered', type: 'api_error', param: null, code: 'no_backend' } });
  });
});
