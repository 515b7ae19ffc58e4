/**
 * An unexpected error in words that help whoever debugs it, with nothing of the request in
 * them: its name, its message, and the first stack frame inside the project (the line that
 * threw, without the machine's paths). Quoted parts of the message are cut: some runtime
 * errors quote their input (V8's JSON.parse does), which may be a client's text.
 */
export function describeInternalError(err: unknown): string {
  if (!(err instanceof Error)) return `non-error thrown (${typeof err})`;
  const frame = err.stack?.split('\n').find((line) => /\/(src|runtimes)\/[^/\s]/.test(line) && !line.includes('node_modules'));
  const where = frame?.match(/((?:src|runtimes)\/[^\s)]+)/)?.[1];
  return `${err.name}: ${err.message.replace(/"[^"]*"?/g, '"…"').slice(0, 200)}${where ? ` at ${where}` : ''}`;
}
