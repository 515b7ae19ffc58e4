import type { ChatAnswerMessage, ChatCompletion, ChatToolCallPart, ChatUsage } from './chat-types.ts';
import { errorEventFields } from './events.ts';
import { isObject, numberOf, stringOf } from './json.ts';
import type { ResponsesAnswerContext } from './request.ts';
import type { ResponseOptions } from './response.ts';
import { endOf, newResponse, responseUsage } from './response-shape.ts';
import { OpenCall, OpenMessage, OpenReasoning, type Emit } from './stream-items.ts';
import type { ResponseObject, ResponsesEvent } from './types.ts';

/**
 * Turns a stream of chat.completion.chunk objects into Responses events, in the order the API
 * sends them: `response.created` and `response.in_progress` with the first push, then each output
 * item (reasoning, message, function or custom tool call) added, streamed and done, and
 * `response.completed` (or `response.incomplete`) with usage on `finish()`. Every event carries
 * a `sequence_number` from 0.
 */
export class ResponsesStreamWriter {
  readonly #answer: ResponsesAnswerContext;
  readonly #options: ResponseOptions;
  #response: ResponseObject | undefined;
  #seq = 0;
  #out: ResponsesEvent[] = [];
  #current: OpenMessage | OpenReasoning | undefined;
  readonly #calls = new Map<number, OpenCall>(); // by the chat tool call index
  readonly #callOrder: OpenCall[] = [];
  #finishReason: unknown;
  #usage: ChatUsage | undefined;
  #started = false;
  #ended = false;
  readonly #emit: Emit = (type, fields) => {
    this.#out.push({ type, sequence_number: this.#seq++, ...fields });
  };

  constructor(answer: ResponsesAnswerContext, options: ResponseOptions = {}) {
    this.#answer = answer;
    this.#options = options;
  }

  /** The response as streamed so far (complete after `finish()`, failed after `fail()`). */
  get response(): ResponseObject {
    return (this.#response ??= this.#newResponse());
  }

  /** Feeds one parsed chunk; returns the events to send for it. */
  push(chunk: unknown): ResponsesEvent[] {
    if (this.#ended || !isObject(chunk)) return [];
    const c = chunk as ChatCompletion;
    this.#start(c);
    if (isObject(c.usage)) this.#usage = c.usage;
    const choice = Array.isArray(c.choices) ? c.choices[0] : undefined;
    if (isObject(choice)) {
      if (isObject(choice.delta)) this.#delta(choice.delta);
      if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    }
    return this.#take();
  }

  /** The clean end (`[DONE]`): closes every open item and sends the completion event with usage. */
  finish(): ResponsesEvent[] {
    if (this.#ended) return [];
    this.#start({});
    this.#ended = true;
    const end = endOf(this.#finishReason);
    const status = end.status === 'completed' ? 'completed' : 'incomplete';
    this.#closeCurrent(status);
    for (const call of this.#callOrder) {
      if (!call.started) this.#startCall(call); // its name never came: still the client's to see
      call.close(this.#emit, status);
    }
    const response = this.response;
    response.status = end.status;
    response.incomplete_details = end.incomplete;
    response.usage = responseUsage(this.#usage);
    this.#emit(end.status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    return this.#take();
  }

  /**
   * The stream broke after content: an `error` event (openai-node raises on its event name, the
   * Python SDK on its nested `error`, the AI SDK on either shape), then `response.failed` (what
   * Codex reads). Open items are left open on purpose: a closed call would be run by the client.
   */
  fail(message: string, code: string): ResponsesEvent[] {
    if (this.#ended) return [];
    this.#start({});
    this.#ended = true;
    const response = this.response;
    for (const item of response.output) if (item.status === 'in_progress') item.status = 'incomplete';
    const open = this.#current;
    if (open instanceof OpenReasoning) open.item.status = 'incomplete';
    response.status = 'failed';
    response.error = { code, message };
    response.usage = this.#usage ? responseUsage(this.#usage) : null;
    this.#emit('error', errorEventFields(message, code));
    this.#emit('response.failed', { response });
    return this.#take();
  }

  #newResponse(): ResponseObject {
    return newResponse(this.#answer, { id: this.#options.id, createdAt: Math.floor((this.#options.now ?? Date.now)() / 1000) });
  }

  #start(chunk: ChatCompletion): void {
    if (this.#started) return;
    this.#started = true;
    const response = this.response;
    const created = numberOf(chunk.created);
    if (created !== undefined) response.created_at = created;
    const model = stringOf(chunk.model);
    if (model) response.model = model;
    // Snapshots: the live object changes as the stream goes on.
    this.#emit('response.created', { response: { ...response, output: [] } });
    this.#emit('response.in_progress', { response: { ...response, output: [] } });
  }

  #delta(delta: ChatAnswerMessage): void {
    const reasoning = delta.reasoning_content || delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') this.#reasoning().text(this.#emit, reasoning);
    if (typeof delta.content === 'string' && delta.content !== '') this.#message().text(this.#emit, delta.content);
    if (typeof delta.refusal === 'string' && delta.refusal !== '') this.#message().refusal(this.#emit, delta.refusal);
    if (Array.isArray(delta.tool_calls)) delta.tool_calls.forEach((part, i) => isObject(part) && this.#toolCall(part, i));
    if (isObject(delta.function_call)) this.#toolCall({ index: -1, ...delta.function_call, function: delta.function_call }, 0);
  }

  #reasoning(): OpenReasoning {
    if (this.#current instanceof OpenReasoning) return this.#current;
    this.#closeCurrent();
    return (this.#current = this.#add((index) => new OpenReasoning(index, this.#emit)));
  }

  #message(): OpenMessage {
    if (this.#current instanceof OpenMessage) return this.#current;
    this.#closeCurrent();
    return (this.#current = this.#add((index) => new OpenMessage(index, this.#emit)));
  }

  #add<T extends OpenMessage | OpenReasoning>(make: (index: number) => T): T {
    const open = make(this.response.output.length);
    this.response.output.push(open.item);
    return open;
  }

  #closeCurrent(status: 'completed' | 'incomplete' = 'completed'): void {
    const open = this.#current;
    this.#current = undefined;
    if (open instanceof OpenMessage) open.close(this.#emit, status);
    else if (open) open.close(this.#emit);
  }

  #toolCall(part: ChatToolCallPart, position: number): void {
    const key = numberOf(part.index) ?? position;
    const id = stringOf(part.id);
    const name = stringOf(part.function?.name);
    let call = this.#calls.get(key);
    // Some backends give parallel calls one index: a new id with a name is a new call.
    if (!call || (id && name && call.started && call.callId !== id)) {
      call = new OpenCall();
      this.#calls.set(key, call);
      this.#callOrder.push(call);
    }
    if (id && !call.callId) call.callId = id;
    if (!call.started && name) (call.name = name), this.#startCall(call);
    const args = stringOf(part.function?.arguments);
    if (args) call.append(this.#emit, args);
  }

  #startCall(call: OpenCall): void {
    this.#closeCurrent();
    call.start(this.#emit, this.#answer, this.response.output.length);
    this.response.output.push(call.item!);
  }

  #take(): ResponsesEvent[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }
}
