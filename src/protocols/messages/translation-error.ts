/**
 * A Messages request the gateway cannot put onto chat completions. `param` is the JSON path
 * of the offending field (`messages[2].content[0].source.type`); the gateway answers 400
 * `invalid_request_error` from it, before any upstream call.
 */
export class TranslationError extends Error {
  readonly param: string;

  constructor(param: string, message: string) {
    super(message);
    this.name = 'TranslationError';
    this.param = param;
  }
}

/** Throws the usual "is not supported" error for a field. */
export function unsupported(param: string, what: string): never {
  throw new TranslationError(param, `${param} ${what} is not supported on a chat completions backend`);
}
