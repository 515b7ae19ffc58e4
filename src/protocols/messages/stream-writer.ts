import type { ChatUsage } from './chat-types.ts';
import { isRecord, type JsonObject } from './read.ts';
import { deltaUsageOf, matchStopSequence, newId, stopReasonOf, tailLength, usageOf } from './reply.ts';
import type { MessagesReply } from './request.ts';
import { parseArguments, reasoningOf, textOf } from './response.ts';
import type { AnthropicErrorType, AnthropicMessage, BlockDelta, ContentBlock, MessagesStreamEvent, StopReason, TextBlock, ThinkingBlock } from './types.ts';

/** A tool call as it streams in; a content block once its name is known and its turn comes. */
interface ToolState {
  id: string;
  /** The backend's id for the call, to tell a new call that reuses an index. */
  chatId: string | undefined;
  name: string;
  args: string;
  block: number;
  closed: boolean;
}

type Block = TextBlock | ThinkingBlock | ToolState;

/**
 * Turns a stream of chat.completion.chunk objects into Messages stream events.
 *
 * One block is open at a time, as Anthropic streams them. The first tool call streams live;
 * calls that start while it is open wait and follow whole when it closes, so a backend that
 * interleaves argument fragments of parallel calls (0,1,0,1) still yields valid blocks:
 * Claude Code throws on a delta to a closed block and runs a tool at its content_block_stop.
 * A call's block starts only once its name is known (some backends send the name later).
 */
export class MessagesStreamWriter {
  readonly #reply: MessagesReply;
  readonly #id = newId('msg_');
  readonly #tailMax: number;
  readonly #blocks: Block[] = [];
  readonly #tools = new Map<number | string, ToolState>();
  readonly #pending: ToolState[] = [];
  #active: ToolState | undefined;
  #lastKey: number | string = 0;
  #open: Block | undefined;
  #started = false;
  #ended = false;
  #refused = false;
  #finish: unknown;
  #vendorStop: unknown;
  #usage: ChatUsage | undefined;
  #tail = '';
  #stopReason: StopReason | null = null;
  #stopSequence: string | null = null;

  constructor(reply: MessagesReply) {
    this.#reply = reply;
    this.#tailMax = tailLength(reply.stopSequences);
  }

  /** The events for one chunk: nothing until it carries content, then message_start first. */
  push(chunk: unknown): MessagesStreamEvent[] {
    if (this.#ended || !isRecord(chunk)) return [];
    if (isRecord(chunk.usage)) this.#usage = chunk.usage as ChatUsage;
    const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
    if (!isRecord(choice) || (typeof choice.index === 'number' && choice.index !== 0)) return [];
    const events: MessagesStreamEvent[] = [];
    if (isRecord(choice.delta)) this.#delta(choice.delta, events);
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
      this.#finish = choice.finish_reason;
      this.#vendorStop = choice.stop_reason;
      // Closing now lets a client start on the tool calls while the usage chunk is on its way.
      this.#closeAll(events);
    }
    return events;
  }

  /** The clean end ([DONE]): closes what is open, then message_delta (stop reason, usage) and message_stop. */
  finish(): MessagesStreamEvent[] {
    if (this.#ended) return [];
    const events: MessagesStreamEvent[] = [];
    this.#start(events);
    this.#closeAll(events);
    this.#ended = true;
    const finish = this.#finish ?? 'stop';
    const sequence = matchStopSequence(finish, this.#vendorStop, this.#tail, this.#reply.stopSequences);
    const sawToolUse = this.#blocks.some((block) => 'args' in block);
    this.#stopReason = this.#refused ? 'refusal' : stopReasonOf(finish, sawToolUse, sequence);
    this.#stopSequence = this.#stopReason === 'stop_sequence' ? sequence : null;
    events.push({ type: 'message_delta', delta: { stop_reason: this.#stopReason, stop_sequence: this.#stopSequence }, usage: deltaUsageOf(this.#usage) });
    events.push({ type: 'message_stop' });
    return events;
  }

  /**
   * The stream broke after content: only the in-band `error` event, which makes the SDK's
   * stream throw. Open blocks stay open, as Anthropic leaves them: a content_block_stop would
   * hand Claude Code a cut tool call to run.
   */
  fail(message: string, type: AnthropicErrorType = 'api_error'): MessagesStreamEvent[] {
    if (this.#ended) return [];
    this.#ended = true;
    return [{ type: 'error', error: { type, message } }];
  }

  /** The answer as streamed so far (final after finish()), for the store and the logs. */
  get message(): AnthropicMessage {
    const content: ContentBlock[] = this.#blocks.map((block) =>
      'args' in block ? { type: 'tool_use', id: block.id, name: block.name, input: parseArguments(block.args) } : { ...block },
    );
    return {
      id: this.#id,
      type: 'message',
      role: 'assistant',
      model: this.#reply.model,
      content,
      stop_reason: this.#stopReason,
      stop_sequence: this.#stopSequence,
      usage: usageOf(this.#usage),
    };
  }

  #delta(delta: JsonObject, events: MessagesStreamEvent[]): void {
    const reasoning = reasoningOf(delta);
    if (reasoning !== '') this.#append('thinking', reasoning, events);
    let text = textOf(delta.content);
    if (text === '' && typeof delta.refusal === 'string' && delta.refusal !== '') {
      text = delta.refusal;
      this.#refused = true;
    }
    if (text !== '') this.#append('text', text, events);
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) if (isRecord(call)) this.#toolDelta(call, events);
    }
  }

  #append(kind: 'text' | 'thinking', value: string, events: MessagesStreamEvent[]): void {
    let block = this.#open;
    if (block === undefined || 'args' in block || block.type !== kind) {
      this.#closeAll(events);
      block = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
      this.#openBlock(block, events);
    }
    let delta: BlockDelta;
    if (block.type === 'text') {
      block.text += value;
      delta = { type: 'text_delta', text: value };
      if (this.#tailMax > 0) this.#tail = (this.#tail + value).slice(-this.#tailMax);
    } else {
      block.thinking += value;
      delta = { type: 'thinking_delta', thinking: value };
    }
    events.push({ type: 'content_block_delta', index: this.#blocks.length - 1, delta });
  }

  #toolDelta(call: JsonObject, events: MessagesStreamEvent[]): void {
    const tool = this.#toolFor(call, events);
    if (tool.closed) return; // its block is closed: a late fragment can no longer be sent
    const fn = isRecord(call.function) ? call.function : {};
    if (tool.name === '' && typeof fn.name === 'string') tool.name = fn.name;
    const args = typeof fn.arguments === 'string' ? fn.arguments : '';
    tool.args += args;
    if (tool.block >= 0) {
      if (args !== '') events.push({ type: 'content_block_delta', index: tool.block, delta: { type: 'input_json_delta', partial_json: args } });
    } else if (tool === this.#active && tool.name !== '') this.#startTool(tool, events);
  }

  /**
   * The call a fragment belongs to: by `index`, else by `id`, else the latest call. A new
   * backend id under a known index is a new call (some backends give every call index 0).
   */
  #toolFor(call: JsonObject, events: MessagesStreamEvent[]): ToolState {
    const chatId = typeof call.id === 'string' && call.id !== '' ? call.id : undefined;
    const key = typeof call.index === 'number' ? call.index : chatId !== undefined ? `id:${chatId}` : this.#lastKey;
    const known = this.#tools.get(key);
    if (known && (chatId === undefined || known.chatId === undefined || known.chatId === chatId)) {
      known.chatId ??= chatId;
      return known;
    }
    const tool: ToolState = { id: newId('toolu_'), chatId, name: '', args: '', block: -1, closed: false };
    this.#lastKey = key;
    this.#tools.set(key, tool);
    if (this.#active === undefined) {
      this.#closeAll(events);
      this.#active = tool;
    } else this.#pending.push(tool);
    return tool;
  }

  #startTool(tool: ToolState, events: MessagesStreamEvent[]): void {
    tool.block = this.#openBlock(tool, events);
    if (tool.args !== '') events.push({ type: 'content_block_delta', index: tool.block, delta: { type: 'input_json_delta', partial_json: tool.args } });
  }

  #openBlock(block: Block, events: MessagesStreamEvent[]): number {
    this.#start(events);
    const index = this.#blocks.push(block) - 1;
    const start: ContentBlock = 'args' in block ? { type: 'tool_use', id: block.id, name: block.name, input: {} } : { ...block };
    events.push({ type: 'content_block_start', index, content_block: start });
    this.#open = block;
    return index;
  }

  #start(events: MessagesStreamEvent[]): void {
    if (this.#started) return;
    this.#started = true;
    const message: AnthropicMessage = {
      id: this.#id,
      type: 'message',
      role: 'assistant',
      model: this.#reply.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // Chat reports usage only at the end: message_delta carries it (Claude Code and the
      // SDK take input_tokens from there when message_start said 0).
      usage: usageOf(undefined),
    };
    events.push({ type: 'message_start', message });
  }

  /** Closes the open block, then every tool call still waiting, each whole. */
  #closeAll(events: MessagesStreamEvent[]): void {
    this.#closeOpen(events);
    const waiting = this.#active === undefined ? [] : [this.#active, ...this.#pending];
    this.#active = undefined;
    this.#pending.length = 0;
    for (const tool of waiting) {
      tool.closed = true;
      if (tool.block >= 0) continue; // the live call, closed above
      if (tool.name === '' && tool.args === '') continue; // an empty fragment is no call
      this.#startTool(tool, events);
      this.#closeOpen(events);
    }
  }

  #closeOpen(events: MessagesStreamEvent[]): void {
    const block = this.#open;
    if (block === undefined) return;
    const index = this.#blocks.length - 1;
    // Anthropic ends each thinking block with its signature; ours is unsigned.
    if (!('args' in block) && block.type === 'thinking') events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: '' } });
    events.push({ type: 'content_block_stop', index });
    this.#open = undefined;
  }
}
