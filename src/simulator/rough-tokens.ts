/**
 * The simulator's own rough token count: the characters of every string in a value (message
 * texts, tool names and schemas' strings alike), divided by 4 and rounded up, at least 1. It is
 * no tokenizer; it only gives usage and count_tokens numbers that grow with the prompt.
 */
export function roughTokenCount(value: unknown): number {
  return Math.max(1, Math.ceil(characters(value) / 4));
}

function characters(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + characters(v), 0);
  if (value && typeof value === 'object') return characters(Object.values(value));
  return 0;
}
