/** An error answer in OpenAI's shape (`{error: {message, type, param, code}}`), as chat and Responses send. */
export function openAiError(status: number, message: string, type: string, headers?: HeadersInit): Response {
  return Response.json({ error: { message, type, param: null, code: null } }, { status, headers });
}

/** An error answer in Anthropic's shape (`{type: "error", error: {type, message}}`), as Messages sends. */
export function anthropicError(status: number, message: string, type: string, headers?: HeadersInit): Response {
  return Response.json({ type: 'error', error: { type, message } }, { status, headers });
}
