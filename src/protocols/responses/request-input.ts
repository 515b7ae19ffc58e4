import type { ResponseObject } from './types.ts';
import { TranslationError } from './errors.ts';
import { isObject, stringOf } from './json.ts';

/** A response the gateway produced, with the conversation input it answered. */
export type StoredResponse = { response: ResponseObject; input: readonly unknown[] };

/** Where stored conversation state is looked up. */
export type ConversationLookup = {
  lookupResponse?: (id: string) => StoredResponse | undefined;
  lookupItem?: (id: string) => unknown;
};

/** The conversation as items, with the JSON path each came from (for error messages). */
export type ExpandedInput = { items: unknown[]; paths: string[] };

/**
 * The whole conversation a request stands for: the history of `previous_response_id` (its input
 * and output, as the API defines it; its instructions are not carried over), then `input` with
 * each `item_reference` replaced by the stored item. An id that is not stored is a 400 naming it.
 */
export function expandInput(body: Record<string, unknown>, lookup: ConversationLookup): ExpandedInput {
  const out: ExpandedInput = { items: [], paths: [] };
  const previous = body.previous_response_id;
  if (previous !== undefined && previous !== null) {
    if (typeof previous !== 'string') throw new TranslationError('previous_response_id', 'previous_response_id must be a string');
    const stored = lookup.lookupResponse?.(previous);
    if (!stored) {
      throw new TranslationError('previous_response_id', `Previous response "${previous}" is not known to this gateway: it was never stored here (or sent with store: false), or it has expired`, 'previous_response_not_found');
    }
    for (const item of stored.input) add(out, item, 'previous_response_id');
    for (const item of stored.response.output) add(out, item, 'previous_response_id');
  }
  const input = body.input;
  if (typeof input === 'string') add(out, { type: 'message', role: 'user', content: input }, 'input');
  else if (Array.isArray(input)) input.forEach((item, i) => add(out, resolve(item, `input[${i}]`, lookup), `input[${i}]`));
  else if (input !== undefined && input !== null) throw new TranslationError('input', 'input must be a string or an array of items');
  return out;
}

function add(out: ExpandedInput, item: unknown, path: string): void {
  out.items.push(item);
  out.paths.push(path);
}

function resolve(item: unknown, path: string, lookup: ConversationLookup): unknown {
  if (!isObject(item) || item.type !== 'item_reference') return item;
  const id = stringOf(item.id);
  if (!id) throw new TranslationError(`${path}.id`, `${path}.id must be a non-empty string`);
  const found = lookup.lookupItem?.(id);
  if (found === undefined) {
    throw new TranslationError(`${path}.id`, `Item "${id}" (${path}) is not known to this gateway: it was never stored here (or sent with store: false), or it has expired`, 'item_not_found');
  }
  return found;
}
