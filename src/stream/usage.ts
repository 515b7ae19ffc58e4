/** Tokens an answer reported. */
export interface Usage {
  input: number;
  output: number;
}

const TAIL = 1024;
const INPUT = /"(?:prompt_tokens|input_tokens)"\s*:\s*(\d+)/;
const OUTPUT = /"(?:completion_tokens|output_tokens)"\s*:\s*(\d+)/;
const decoder = new TextDecoder();

/**
 * The usage a whole JSON answer reports, read off its last kilobyte only (every API puts
 * `usage` at the end): chat's prompt/completion tokens, or the Responses and Messages APIs'
 * input/output tokens. Undefined when it reports none.
 */
export function usageInBody(bytes: Uint8Array | undefined): Usage | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  const tail = decoder.decode(bytes.length > TAIL ? bytes.subarray(bytes.length - TAIL) : bytes);
  const input = INPUT.exec(tail);
  const output = OUTPUT.exec(tail);
  if (!input && !output) return undefined;
  return { input: input ? Number(input[1]) : 0, output: output ? Number(output[1]) : 0 };
}

/** Usage seen so far merged with an event's: each count as last reported. */
export function mergeUsage(seen: Usage | undefined, next: Partial<Usage> | undefined): Usage | undefined {
  if (!next) return seen;
  return { input: next.input ?? seen?.input ?? 0, output: next.output ?? seen?.output ?? 0 };
}
