import { isRecord, type JsonObject } from './read.ts';

/** A Messages body made fit for Anthropic itself, and what was changed (for the log line). */
export interface SignedBody {
  body: unknown;
  notes: string[];
}

const isUnsigned = (block: unknown): boolean => isRecord(block) && block.type === 'thinking' && block.signature === '';

/**
 * For a request passing through to Anthropic after a translated backend answered earlier
 * turns: removes the thinking blocks that answer carried (signature "", as only Anthropic
 * can sign), which Anthropic rejects with 400 "Invalid `signature` in `thinking` block".
 * An assistant turn left empty goes (Anthropic joins the turns around it). If the last
 * assistant turn lost its thinking while `thinking` is on, Anthropic would demand that turn
 * start with thinking, so `thinking` is dropped for this request. Returns `body` itself,
 * untouched, when there is nothing to remove.
 */
export function dropUnsignedThinking(body: unknown): SignedBody {
  if (!isRecord(body) || !Array.isArray(body.messages)) return { body, notes: [] };
  const messages = body.messages as unknown[];
  if (!messages.some((m) => isRecord(m) && m.role === 'assistant' && Array.isArray(m.content) && m.content.some(isUnsigned))) {
    return { body, notes: [] };
  }
  const lastAssistant = messages.findLastIndex((m) => isRecord(m) && m.role === 'assistant');
  let lastLostThinking = false;
  const kept: unknown[] = [];
  messages.forEach((message, i) => {
    if (!isRecord(message) || message.role !== 'assistant' || !Array.isArray(message.content)) return void kept.push(message);
    const content = message.content.filter((block) => !isUnsigned(block));
    if (content.length === message.content.length) return void kept.push(message);
    if (i === lastAssistant) lastLostThinking = true;
    if (content.length > 0) kept.push({ ...message, content });
  });
  const out: JsonObject = { ...body, messages: kept };
  const notes = ['unsigned thinking blocks removed for Anthropic'];
  if (lastLostThinking && isRecord(body.thinking) && body.thinking.type !== 'disabled') {
    delete out.thinking;
    notes.push('thinking dropped: the last assistant turn has no signed thinking');
  }
  return { body: out, notes };
}
