import { newId } from './ids.ts';
import type { ResponsesAnswerContext } from './request.ts';
import { callItem, customInput } from './response-shape.ts';
import type { CustomToolCallItem, FunctionCallItem, ItemStatus, MessageItem, OutputRefusal, OutputText, ReasoningItem } from './types.ts';

/**
 * Emits one event: its type and fields (the writer adds the sequence number). Fields are
 * written out, never `{ ...at, delta }`: on Node 20 a spread that gains a key is slow.
 */
export type Emit = (type: string, fields: Record<string, unknown>) => void;

const emptyText = (): OutputText => ({ type: 'output_text', text: '', annotations: [], logprobs: [] });

/** An assistant message being streamed, one content part at a time (text or refusal). */
export class OpenMessage {
  readonly item: MessageItem = { id: newId('msg'), type: 'message', status: 'in_progress', role: 'assistant', content: [] };
  #part: OutputText | OutputRefusal | undefined;

  constructor(
    readonly index: number,
    emit: Emit,
  ) {
    emit('response.output_item.added', { output_index: index, item: { ...this.item, content: [] } });
  }

  text(emit: Emit, delta: string): void {
    const part = this.#part?.type === 'output_text' ? this.#part : this.#open(emit, emptyText());
    part.text += delta;
    emit('response.output_text.delta', { item_id: this.item.id, output_index: this.index, content_index: this.item.content.length - 1, delta, logprobs: [] });
  }

  refusal(emit: Emit, delta: string): void {
    const part = this.#part?.type === 'refusal' ? this.#part : this.#open(emit, { type: 'refusal', refusal: '' });
    part.refusal += delta;
    emit('response.refusal.delta', { item_id: this.item.id, output_index: this.index, content_index: this.item.content.length - 1, delta });
  }

  close(emit: Emit, status: ItemStatus): void {
    this.#closePart(emit);
    this.item.status = status;
    emit('response.output_item.done', { output_index: this.index, item: this.item });
  }

  #open<P extends OutputText | OutputRefusal>(emit: Emit, part: P): P {
    this.#closePart(emit);
    this.#part = part;
    this.item.content.push(part);
    const item_id = this.item.id;
    const output_index = this.index;
    const content_index = this.item.content.length - 1;
    emit('response.content_part.added', { item_id, output_index, content_index, part: part.type === 'output_text' ? emptyText() : { type: 'refusal', refusal: '' } });
    return part;
  }

  #closePart(emit: Emit): void {
    const part = this.#part;
    if (!part) return;
    this.#part = undefined;
    const item_id = this.item.id;
    const output_index = this.index;
    const content_index = this.item.content.length - 1;
    if (part.type === 'output_text') emit('response.output_text.done', { item_id, output_index, content_index, text: part.text, logprobs: [] });
    else emit('response.refusal.done', { item_id, output_index, content_index, refusal: part.refusal });
    emit('response.content_part.done', { item_id, output_index, content_index, part });
  }
}

/** Reasoning being streamed, as one summary part (what Codex and the AI SDK show). */
export class OpenReasoning {
  readonly item: ReasoningItem = { id: newId('rs'), type: 'reasoning', summary: [] };
  readonly #part = { type: 'summary_text' as const, text: '' };

  constructor(
    readonly index: number,
    emit: Emit,
  ) {
    emit('response.output_item.added', { output_index: index, item: { ...this.item, summary: [] } });
    this.item.summary.push(this.#part);
    emit('response.reasoning_summary_part.added', { item_id: this.item.id, output_index: index, summary_index: 0, part: { type: 'summary_text', text: '' } });
  }

  text(emit: Emit, delta: string): void {
    this.#part.text += delta;
    emit('response.reasoning_summary_text.delta', { item_id: this.item.id, output_index: this.index, summary_index: 0, delta });
  }

  close(emit: Emit): void {
    const item_id = this.item.id;
    const output_index = this.index;
    emit('response.reasoning_summary_text.done', { item_id, output_index, summary_index: 0, text: this.#part.text });
    emit('response.reasoning_summary_part.done', { item_id, output_index, summary_index: 0, part: this.#part });
    emit('response.output_item.done', { output_index, item: this.item });
  }
}

/**
 * A tool call being streamed. Its item is announced once its name is known (some backends send
 * an empty name first); arguments that came before are sent then. A custom tool's input is sent
 * whole at the end: it is a string inside the JSON arguments, unreadable until they are complete.
 */
export class OpenCall {
  item: FunctionCallItem | CustomToolCallItem | undefined;
  index = -1;
  callId: string | undefined;
  name = '';
  args = '';

  get started(): boolean {
    return this.item !== undefined;
  }

  start(emit: Emit, answer: ResponsesAnswerContext, index: number): void {
    this.index = index;
    this.callId ??= newId('call');
    const item = callItem(answer, { callId: this.callId, name: this.name, args: '' }, 'in_progress');
    this.item = item;
    emit('response.output_item.added', { output_index: index, item: { ...item } });
    if (this.args !== '' && item.type === 'function_call') (item.arguments = this.args), this.#delta(emit, item, this.args);
  }

  append(emit: Emit, args: string): void {
    this.args += args;
    const item = this.item;
    if (item?.type === 'function_call') (item.arguments = this.args), this.#delta(emit, item, args);
  }

  close(emit: Emit, status: ItemStatus): void {
    const item = this.item;
    if (!item) return;
    const item_id = item.id;
    const output_index = this.index;
    if (item.type === 'function_call') {
      item.arguments = this.args;
      emit('response.function_call_arguments.done', { item_id, output_index, name: item.name, arguments: this.args });
    } else {
      item.input = customInput(this.args);
      if (item.input !== '') emit('response.custom_tool_call_input.delta', { item_id, output_index, delta: item.input });
      emit('response.custom_tool_call_input.done', { item_id, output_index, input: item.input });
    }
    item.status = status;
    emit('response.output_item.done', { output_index: this.index, item });
  }

  #delta(emit: Emit, item: FunctionCallItem, delta: string): void {
    emit('response.function_call_arguments.delta', { item_id: item.id, output_index: this.index, delta });
  }
}
