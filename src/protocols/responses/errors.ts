import { GatewayError, type OpenAIErrorBody } from '../../errors.ts';

/**
 * A Responses request that cannot be put onto chat completions. It is a 400 naming the
 * offending field (`param`, a JSON path such as `tools[3].type`), rendered in OpenAI's shape.
 */
export class TranslationError extends GatewayError {
  constructor(param: string, message: string, code = 'unsupported_parameter') {
    super(400, message, { param, code, type: 'invalid_request_error' });
    this.name = 'TranslationError';
  }
}

/** The HTTP error body of the Responses API: OpenAI's `{error: {message, type, param, code}}`. */
export function renderResponsesError(status: number, message: string, code: string | null = null): OpenAIErrorBody {
  return new GatewayError(status, message, { code }).toJSON();
}
