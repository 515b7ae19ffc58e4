import type { ChatContentPart, ChatMessage, ChatToolCall } from './chat-types.ts';
import { TranslationError } from './errors.ts';
import { isObject, shown, stringOf, type JsonObject } from './json.ts';
import { textContent, toolOutput, userContent } from './request-content.ts';
import type { ExpandedInput } from './request-input.ts';
import { chatToolName } from './request-tools.ts';

type Assistant = Extract<ChatMessage, { role: 'assistant' }>;

// Calls of OpenAI-hosted tools: their results already live in the messages that follow.
const HOSTED_CALLS = new Set(['web_search_call', 'file_search_call', 'image_generation_call', 'code_interpreter_call']);

/**
 * Responses items → chat messages. Consecutive calls become one assistant message with several
 * tool_calls; a reasoning item's text rides on the next assistant message as `reasoning_content`
 * when `replayReasoning` (DeepSeek's thinking mode refuses tool-call turns without it), else it is
 * dropped. Encrypted reasoning is always dropped: no other provider can read it.
 */
export function toChatMessages(input: ExpandedInput, replayReasoning: boolean, notes: string[]): ChatMessage[] {
  const b = new MessageBuilder(replayReasoning, notes);
  input.items.forEach((item, i) => b.add(item, input.paths[i] ?? 'input'));
  return b.finish();
}

class MessageBuilder {
  readonly #messages: ChatMessage[] = [];
  #open: Assistant | undefined; // the last message, while it is an assistant one
  #reasoning: string | undefined;
  #replayed = false;
  #media: ChatContentPart[] = [];

  constructor(
    readonly replay: boolean,
    readonly notes: string[],
  ) {}

  add(item: unknown, path: string): void {
    if (!isObject(item)) throw new TranslationError(path, `${path} must be an object`);
    const type = item.type ?? 'message';
    if (type === 'message') this.message(item, path);
    else if (type === 'function_call') this.call(item, path, stringOf(item.arguments), stringOf(item.namespace));
    else if (type === 'custom_tool_call') this.call(item, path, typeof item.input === 'string' ? JSON.stringify({ input: item.input }) : undefined);
    else if (type === 'function_call_output' || type === 'custom_tool_call_output') this.output(item, path);
    else if (type === 'reasoning') this.reasoningItem(item);
    else if (typeof type === 'string' && HOSTED_CALLS.has(type)) note(this.notes, `dropped ${type} items (run by OpenAI's hosted tools)`);
    else throw new TranslationError(`${path}.type`, `${path}.type ${shown(type)} cannot be translated to chat completions`);
  }

  finish(): ChatMessage[] {
    this.#flushMedia();
    // DeepSeek refuses a conversation where reasoning_content was sent for some assistant turns only.
    if (this.#replayed) for (const m of this.#messages) if (m.role === 'assistant') m.reasoning_content ??= '';
    return this.#messages;
  }

  message(item: JsonObject, path: string): void {
    const role = item.role;
    if (role === 'user') this.#push({ role: 'user', content: userContent(item.content, path) });
    else if (role === 'system' || role === 'developer') this.#push({ role: 'system', content: textContent(item.content, path, role) });
    else if (role === 'assistant') this.#assistantText(textContent(item.content, path, role));
    else throw new TranslationError(`${path}.role`, `${path}.role ${shown(role)} is not supported`);
  }

  call(item: JsonObject, path: string, args: string | undefined, namespace?: string): void {
    const callId = stringOf(item.call_id);
    const name = stringOf(item.name);
    if (!callId) throw new TranslationError(`${path}.call_id`, `${path}.call_id must be a non-empty string`);
    if (!name) throw new TranslationError(`${path}.name`, `${path}.name must be a non-empty string`);
    if (args === undefined) throw new TranslationError(`${path}.${item.type === 'function_call' ? 'arguments' : 'input'}`, `${path} has no ${item.type === 'function_call' ? 'arguments' : 'input'} string`);
    const call: ChatToolCall = { id: callId, type: 'function', function: { name: chatToolName(name, namespace), arguments: args } };
    const open: Assistant = this.#open ?? this.#push<Assistant>({ role: 'assistant', content: null });
    (open.tool_calls ??= []).push(call);
  }

  output(item: JsonObject, path: string): void {
    const callId = stringOf(item.call_id);
    if (!callId) throw new TranslationError(`${path}.call_id`, `${path}.call_id must be a non-empty string`);
    const { text, media } = toolOutput(item.output, path);
    this.#push({ role: 'tool', tool_call_id: callId, content: text });
    if (media.length > 0) this.#media.push({ type: 'text', text: `Attachments returned by tool call ${callId}:` }, ...media);
  }

  reasoningItem(item: JsonObject): void {
    if (typeof item.encrypted_content === 'string') note(this.notes, 'dropped encrypted reasoning (another provider cannot decrypt it)');
    const text = reasoningText(item);
    if (!text) return;
    if (!this.replay) return note(this.notes, 'dropped reasoning items (the backend takes no reasoning_content)');
    this.#reasoning = this.#reasoning === undefined ? text : `${this.#reasoning}\n\n${text}`;
  }

  #assistantText(text: string): void {
    const open = this.#open;
    // Several message items of one turn (commentary, then the answer) make one chat message.
    if (open && !open.tool_calls && this.#reasoning === undefined) open.content = open.content ? `${open.content}\n\n${text}` : text;
    else this.#push({ role: 'assistant', content: text });
  }

  #push<M extends ChatMessage>(message: M): M {
    if (message.role !== 'tool') this.#flushMedia();
    if (message.role === 'assistant') {
      if (this.#reasoning !== undefined) (message.reasoning_content = this.#reasoning), (this.#replayed = true);
      this.#open = message;
    } else this.#open = undefined;
    this.#reasoning = undefined;
    this.#messages.push(message);
    return message;
  }

  #flushMedia(): void {
    if (this.#media.length === 0) return;
    // Straight onto the list: pending reasoning belongs to the next assistant message, not to this.
    this.#messages.push({ role: 'user', content: this.#media });
    this.#media = [];
    this.#open = undefined;
  }
}

/** The readable text of a reasoning item: its full reasoning text if present, else its summary. */
function reasoningText(item: JsonObject): string {
  for (const key of ['content', 'summary'] as const) {
    const parts = item[key];
    if (!Array.isArray(parts)) continue;
    const text = parts.map((p) => (isObject(p) ? (stringOf(p.text) ?? '') : '')).filter(Boolean).join('\n\n');
    if (text) return text;
  }
  return '';
}

/** Adds a note once. */
export function note(notes: string[], text: string): void {
  if (!notes.includes(text)) notes.push(text);
}
