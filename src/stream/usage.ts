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
  const at = lastUsageKey(bytes);
  if (at < 0) return undefined;
  const tail = decoder.decode(bytes.subarray(at));
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

/** `"usage"`, byte for byte. */
const KEY = [0x22, 0x75, 0x73, 0x61, 0x67, 0x65, 0x22];

/** Where the last `"usage"` key starts within the body's last kilobyte; -1 when there is none (nothing decoded then). */
function lastUsageKey(bytes: Uint8Array): number {
  const stop = Math.max(0, bytes.length - TAIL);
  for (let i = bytes.length - KEY.length; i >= stop; i--) {
    if (bytes[i] !== 0x22 || bytes[i + 1] !== 0x75) continue;
    let k = 2;
    while (k < KEY.length && bytes[i + k] === KEY[k]) k++;
    if (k === KEY.length) return i;
  }
  return -1;
}
