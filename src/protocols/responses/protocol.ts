import { GatewayError } from '../../errors.ts';
import { jsonEventReader } from '../json-events.ts';
import type { Protocol, StreamOutput, Translation, TranslationTarget } from '../protocol.ts';
import { withoutEncryptedReasoning } from './encrypted-reasoning.ts';
import { classifyResponsesEvent, encodeResponsesEvent, encodeResponsesEvents, responsesFailureEvents, responsesTextOf } from './events.ts';
import { isObject } from './json.ts';
import { type ResponsesTranslation, responsesToChat } from './request.ts';
import { chatToResponse } from './response.ts';
import { ResponseJson } from './response-json.ts';
import type { ResponseStore } from './store.ts';
import { chatRequestText } from '../chat-request-text.ts';
import { ResponsesStreamWriter } from './stream-writer.ts';
import type { ResponsesEvent } from './types.ts';


const encoder = new TextEncoder();

/**
 * `POST /v1/responses/compact`: OpenAI's conversation compaction, which only a backend that
 * speaks the Responses API can do; it passes through to those, and is a 501 where none does.
 */
export function compactProtocol(responses: Protocol): Protocol {
  return {
    ...responses,
    translate: undefined,
    servedBy: (backend) => backend.api.includes('responses'),
    local: () =>
      Promise.reject(new GatewayError(501, 'No backend for this model speaks the Responses API natively, and compaction cannot be translated onto chat completions.', { code: 'unsupported_endpoint' })),
  };
}

/**
 * The OpenAI Responses API as a plug-in: its events end on `response.completed` (or
 * `.incomplete`/`.failed`, passed on as they are), its in-band failure is `error` then
 * `response.failed`, and a call is translated onto chat completions for a chat-only backend.
 * `store` keeps what translated calls answered, so later `previous_response_id` and
 * `item_reference` ids resolve.
 */
export function createResponsesProtocol(store: ResponseStore): Protocol {
  return {
    name: 'responses',
    requestedModel: (body) => body.model,
    wantsStream: (body) => body.stream === true,
    readEvent: jsonEventReader(classifyResponsesEvent),
    textOf: responsesTextOf,
    withText(data, text) {
      const copy = { ...(data as ResponsesEvent), delta: text };
      return { data: copy, bytes: encodeResponsesEvent(copy) };
    },
    usageOf(data) {
      const usage = (data as { type?: unknown; response?: { usage?: { input_tokens?: unknown; output_tokens?: unknown } | null } }).response?.usage;
      return usage && typeof usage.input_tokens === 'number' ? { input: usage.input_tokens, output: Number(usage.output_tokens) || 0 } : undefined;
    },
    errorEvent: (message, code) => encodeAll(responsesFailureEvents({ message, code, sequenceNumber: 0 }))!,
    errorResponse: (error) => error.getResponse(),
    passthrough: passedThrough,
    adaptNative(request, { body, model, primary }) {
      // Another provider cannot decrypt the primary's reasoning: a fallback gets the call without it.
      if (primary || !body) return;
      const fit = withoutEncryptedReasoning(body);
      if (fit !== body) request.body = encoder.encode(JSON.stringify(model === undefined ? fit : { ...fit, model }));
    },
    translate: (body) => new TranslatedResponses(body, store),
  };
}

/** One Responses call put onto chat completions, translated once per kind of backend. */
class TranslatedResponses implements Translation {
  readonly #byReasoning = new Map<boolean, ResponsesTranslation>();

  constructor(
    private readonly body: Record<string, unknown>,
    private readonly store: ResponseStore,
  ) {}

  get notes(): readonly string[] {
    return this.#first()?.notes ?? [];
  }

  chatRequest(target: TranslationTarget, model: string | undefined): string {
    let t = this.#byReasoning.get(target.reasoning);
    if (!t) {
      const store = this.store;
      t = responsesToChat(this.body, { reasoning: target.reasoning, lookupResponse: (id) => store.response(id), lookupItem: (id) => store.item(id) });
      this.#byReasoning.set(target.reasoning, t);
    }
    return chatRequestText(t.chat, model);
  }

  answer(chat: unknown): string {
    const t = this.#first()!;
    const response = chatToResponse(chat, t.answer);
    const text = JSON.stringify(response);
    if (t.store) this.store.put(response, t.input, text);
    return text;
  }

  error(_status: number, body: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
    return body; // a chat backend's error is already in OpenAI's shape
  }

  stream(): StreamOutput {
    const t = this.#first()!;
    const writer = new ResponsesStreamWriter(t.answer);
    const json = new ResponseJson(t.answer.echo);
    const stored = (events: ResponsesEvent[]) => {
      const response = writer.response;
      if (t.store && response.status !== 'in_progress' && response.status !== 'failed') this.store.put(response, t.input, json.response(response));
      return encodeAll(events, json);
    };
    return {
      verbatim: false,
      write(event) {
        if (event.kind === 'error') return encodeAll(writer.fail(errorMessage(event.data), 'upstream_error'), json);
        if (event.data === undefined) return event.complete ? stored(writer.finish()) : undefined; // [DONE]
        return encodeAll(writer.push(event.data), json);
      },
      end: () => stored(writer.finish()),
      fail: (message, code) => encodeAll(writer.fail(message, code), json) ?? new Uint8Array(),
    };
  }

  /** The translation the answer is read against: the one an attempt used (they differ only in reasoning settings). */
  #first(): ResponsesTranslation | undefined {
    return this.#byReasoning.values().next().value;
  }
}

/**
 * A native Responses stream as it came; a failure after it started continues its numbering
 * and carries the response it was building, so the client's SDK matches it to the stream.
 */
function passedThrough(): StreamOutput {
  let next = 0;
  let response: unknown;
  return {
    verbatim: true,
    write(event) {
      const data = event.data as { sequence_number?: unknown; response?: unknown } | undefined;
      if (typeof data?.sequence_number === 'number') next = data.sequence_number + 1;
      if (data?.response !== undefined) response = data.response;
      return event.bytes;
    },
    end: () => undefined,
    fail: (message, code) => encodeAll(responsesFailureEvents({ message, code, sequenceNumber: next, response }))!,
  };
}

function errorMessage(data: unknown): string {
  const error = isObject(data) && isObject(data.error) ? data.error : undefined;
  return typeof error?.message === 'string' ? error.message : 'The backend reported an error mid-stream.';
}

function encodeAll(events: ResponsesEvent[], json?: ResponseJson): Uint8Array | undefined {
  if (events.length === 0) return undefined;
  return encodeResponsesEvents(events, json);
}
