import type { ChatContentPart, ChatMessage, ChatToolCall } from './chat-types.ts';
import { at, list, record, text, type JsonObject } from './read.ts';
import { blockType, toolReferences, toolResultContent, userParts } from './request-blocks.ts';
import { TranslationError, unsupported } from './translation-error.ts';

/** What the conversation translation needs besides the body. */
export interface ConversationOptions {
  /** Send earlier thinking back as `reasoning_content` (see MessagesTranslationContext). */
  replayReasoning: boolean;
  /** What was dropped, for the log line; never prompt text. */
  notes: Set<string>;
  /** Tools named by `tool_reference` blocks: deferred tools that are loaded. */
  referencedTools: Set<string>;
}

/** Anthropic's `system` and `messages` as chat messages. */
export function convertConversation(system: unknown, messages: unknown, options: ConversationOptions): ChatMessage[] {
  const conversation = new Conversation();
  if (system !== undefined && system !== null) conversation.system(systemText(system, 'system'));
  const items = list(messages, 'messages');
  items.forEach((item, i) => {
    const path = at('messages', i);
    const message = record(item, path);
    if (message.role === 'user') convertUser(message.content, path, conversation, options);
    else if (message.role === 'assistant') convertAssistant(message.content, path, conversation, options);
    else if (message.role === 'system') conversation.systemMessage(systemText(message.content, at(path, 'content')));
    else throw new TranslationError(at(path, 'role'), `${at(path, 'role')} must be "user", "assistant" or "system"`);
  });
  if (items.length > 0 && record(items.at(-1), 'messages').role === 'assistant') {
    options.notes.add('a final assistant message (prefill) is sent as history, not continued');
  }
  return conversation.finish();
}

/** System text: a string, or text blocks (their `cache_control` means nothing to chat). */
function systemText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  return list(value, path)
    .map((item, i) => {
      const block = record(item, at(path, i));
      const type = blockType(block, at(path, i));
      return type === 'text' ? text(block.text, at(at(path, i), 'text')) : unsupported(at(at(path, i), 'type'), `"${type}"`);
    })
    .join('\n');
}

function blocksOf(content: unknown, path: string): JsonObject[] {
  if (!Array.isArray(content)) throw new TranslationError(path, `${path} must be a string or an array of content blocks`);
  return content.map((item, i) => record(item, at(path, i)));
}

function convertUser(content: unknown, path: string, conversation: Conversation, options: ConversationOptions): void {
  const contentPath = at(path, 'content');
  if (typeof content === 'string') return conversation.user([], [{ type: 'text', text: content }]);
  const tools: ChatMessage[] = [];
  const images: ChatContentPart[] = [];
  const parts: ChatContentPart[] = [];
  blocksOf(content, contentPath).forEach((block, i) => {
    const blockPath = at(contentPath, i);
    if (blockType(block, blockPath) !== 'tool_result') return parts.push(...userParts(block, blockPath));
    const id = text(block.tool_use_id, at(blockPath, 'tool_use_id'));
    const result = toolResultContent(block, blockPath);
    tools.push({ role: 'tool', tool_call_id: id, content: result.text });
    if (result.images.length > 0) images.push({ type: 'text', text: `Images returned by tool call ${id}:` }, ...result.images);
    for (const name of toolReferences(block)) options.referencedTools.add(name);
  });
  conversation.user(tools, [...images, ...parts]);
}

/** Blocks Anthropic's server tools leave in history; the text around them carries their gist. */
function isServerToolBlock(type: string): boolean {
  return type === 'server_tool_use' || type.endsWith('_tool_result') || type === 'container_upload';
}

function convertAssistant(content: unknown, path: string, conversation: Conversation, options: ConversationOptions): void {
  const contentPath = at(path, 'content');
  if (typeof content === 'string') return conversation.assistant({ role: 'assistant', content });
  const texts: string[] = [];
  const calls: ChatToolCall[] = [];
  const thinking: string[] = [];
  blocksOf(content, contentPath).forEach((block, i) => {
    const blockPath = at(contentPath, i);
    const type = blockType(block, blockPath);
    if (type === 'text') texts.push(text(block.text, at(blockPath, 'text')));
    else if (type === 'tool_use') calls.push(toolCall(block, blockPath));
    else if (type === 'thinking') thinking.push(text(block.thinking, at(blockPath, 'thinking')));
    else if (type === 'redacted_thinking') options.notes.add('redacted_thinking blocks in history dropped');
    else if (isServerToolBlock(type)) options.notes.add('server tool blocks in history dropped');
    else unsupported(at(blockPath, 'type'), `"${type}"`);
  });
  if (thinking.length > 0 && !options.replayReasoning) options.notes.add('thinking blocks in history dropped');
  // A turn with nothing but reasoning says nothing a chat model can take as a turn.
  if (texts.length === 0 && calls.length === 0) return;
  const message: ChatMessage = { role: 'assistant', content: texts.length > 0 ? texts.join('\n') : null };
  if (calls.length > 0) message.tool_calls = calls;
  if (options.replayReasoning && thinking.length > 0) message.reasoning_content = thinking.join('\n');
  conversation.assistant(message);
}

function toolCall(block: JsonObject, path: string): ChatToolCall {
  const input = block.input === undefined ? {} : block.input;
  return {
    id: text(block.id, at(path, 'id')),
    type: 'function',
    function: { name: text(block.name, at(path, 'name')), arguments: JSON.stringify(input) },
  };
}

/**
 * Builds the chat message list. Chat needs tool messages right after the assistant turn
 * and, at many providers, one system message first and user/assistant turns alternating:
 * so system-role messages after the first turn wait for the next user turn and join it,
 * wrapped as a system reminder (the form Claude Code used for them in user turns).
 */
class Conversation {
  readonly #out: ChatMessage[] = [];
  readonly #system: string[] = [];
  #queued: ChatContentPart[] = [];
  #started = false;

  system(value: string): void {
    if (value !== '') this.#system.push(value);
  }

  systemMessage(value: string): void {
    if (!this.#started) this.system(value);
    else if (value !== '') this.#queued.push({ type: 'text', text: `<system-reminder>\n${value}\n</system-reminder>` });
  }

  user(tools: ChatMessage[], parts: ChatContentPart[]): void {
    this.#started = true;
    this.#out.push(...tools);
    this.#pushUser([...this.#takeQueued(), ...parts]);
  }

  assistant(message: ChatMessage): void {
    this.#started = true;
    this.#pushUser(this.#takeQueued());
    this.#out.push(message);
  }

  finish(): ChatMessage[] {
    this.#pushUser(this.#takeQueued());
    const messages = this.#out.map(collapseUser);
    if (this.#system.length > 0) messages.unshift({ role: 'system', content: this.#system.join('\n') });
    return messages;
  }

  #takeQueued(): ChatContentPart[] {
    const queued = this.#queued;
    this.#queued = [];
    return queued;
  }

  #pushUser(parts: ChatContentPart[]): void {
    if (parts.length === 0) return;
    const last = this.#out.at(-1);
    if (last?.role === 'user' && Array.isArray(last.content)) last.content.push(...parts);
    else this.#out.push({ role: 'user', content: parts });
  }
}

/** Text-only user content as one string: some chat backends (DeepSeek) take no part arrays. */
function collapseUser(message: ChatMessage): ChatMessage {
  if (message.role !== 'user' || typeof message.content === 'string') return message;
  const texts: string[] = [];
  for (const part of message.content) {
    if (part.type !== 'text') return message;
    texts.push(part.text);
  }
  return { role: 'user', content: texts.join('\n') };
}
