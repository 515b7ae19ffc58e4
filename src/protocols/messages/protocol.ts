import { concatBytes } from '../../bytes.ts';
import { GatewayError } from '../../errors.ts';
import { jsonEventReader } from '../json-events.ts';
import type { Protocol, StreamOutput, Translation, TranslationTarget } from '../protocol.ts';
import { estimateInputTokens } from './count-tokens.ts';
import { anthropicError, anthropicErrorType, chatErrorToAnthropic } from './errors.ts';
import { classifyMessagesEvent, encodeMessagesEvent, messagesTextOf, pingEvent } from './events.ts';
import { type MessagesTranslation, messagesToChat } from './request.ts';
import { chatToMessage } from './response.ts';
import { chatRequestText } from '../chat-request-text.ts';
import { MessagesStreamWriter } from './stream-writer.ts';
import { TranslationError } from './translation-error.ts';
import type { MessagesStreamEvent } from './types.ts';
import { dropUnsignedThinking } from './unsigned-thinking.ts';

const encoder = new TextEncoder();
/** Anthropic's API version, sent when the client named none. */
const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic Messages as a plug-in: its streams end on `message_stop`, its in-band failure is
 * an `error` event, its errors are `{"type":"error","error":{…}}`, a backend that speaks it
 * takes its key as `x-api-key` with `anthropic-version`, and a call is translated onto chat
 * completions for a chat-only backend.
 */
export const messages: Protocol = {
  name: 'messages',
  requestedModel: (body) => body.model,
  wantsStream: (body) => body.stream === true,
  readEvent: jsonEventReader(classifyMessagesEvent),
  textOf: messagesTextOf,
  withText(data, text) {
    const event = data as { delta: Record<string, unknown> };
    const copy = { ...event, delta: { ...event.delta, text } } as unknown as MessagesStreamEvent;
    return { data: copy, bytes: encodeMessagesEvent(copy) };
  },
  usageOf(data) {
    const d = data as { type?: unknown; message?: { usage?: Record<string, unknown> }; usage?: Record<string, unknown> };
    const usage = d.type === 'message_start' ? d.message?.usage : d.type === 'message_delta' ? d.usage : undefined;
    if (!usage) return undefined;
    const count = (key: string) => (typeof usage[key] === 'number' ? (usage[key] as number) : undefined);
    return { input: count('input_tokens'), output: count('output_tokens') };
  },
  errorEvent: (message) => encodeMessagesEvent({ type: 'error', error: { type: 'api_error', message } }),
  errorResponse: (error) => {
    const body = anthropicError(error.status, error.message, error.status === 400 ? 'invalid_request_error' : anthropicErrorType(error.status));
    return new Response(JSON.stringify(body), { status: error.status, headers: { 'content-type': 'application/json', ...error.headers } });
  },
  adaptFailure: (status, body) => encoder.encode(JSON.stringify(chatErrorToAnthropic(status, new TextDecoder().decode(body)))),
  ownHeaders: (name) => name.startsWith('anthropic-'),
  adaptNative(request, { backend, body, model }) {
    const headers = request.headers;
    delete headers.authorization;
    if (backend.apiKey) headers['x-api-key'] = backend.apiKey;
    headers['anthropic-version'] ??= ANTHROPIC_VERSION;
    // Thinking a translated backend answered with cannot be signed: Anthropic refuses it back.
    const signed = dropUnsignedThinking(body);
    if (signed.body !== body) request.body = encoder.encode(JSON.stringify(model === undefined ? signed.body : { ...(signed.body as object), model }));
  },
  translate: (body) => new TranslatedMessages(body),
};

/** One Messages call put onto chat completions, translated once per kind of backend. */
class TranslatedMessages implements Translation {
  readonly #byTarget = new Map<string, MessagesTranslation>();

  constructor(private readonly body: Record<string, unknown>) {}

  get notes(): readonly string[] {
    return this.#first()?.notes ?? [];
  }

  chatRequest(target: TranslationTarget, model: string | undefined): string {
    const key = `${target.reasoning}/${target.maxOutputTokens ?? ''}`;
    let t = this.#byTarget.get(key);
    if (!t) {
      try {
        t = messagesToChat(this.body, { reasoning: target.reasoning, maxOutputTokens: target.maxOutputTokens });
      } catch (err) {
        if (err instanceof TranslationError) throw new GatewayError(400, err.message, { param: err.param, code: 'invalid_request_error' });
        throw err;
      }
      this.#byTarget.set(key, t);
    }
    return chatRequestText(t.body, model);
  }

  answer(chat: unknown): string {
    return JSON.stringify(chatToMessage(chat, this.#first()!.reply));
  }

  error(status: number, body: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
    return encoder.encode(JSON.stringify(chatErrorToAnthropic(status, new TextDecoder().decode(body))));
  }

  stream(): StreamOutput {
    const writer = new MessagesStreamWriter(this.#first()!.reply);
    return {
      verbatim: false,
      write(event) {
        if (event.kind === 'error') return encodeAll(writer.fail(errorMessage(event.data)));
        if (event.data === undefined) return event.complete ? encodeAll(writer.finish()) : undefined; // [DONE]
        return encodeAll(writer.push(event.data));
      },
      end: () => encodeAll(writer.finish()),
      fail: (message) => encodeAll(writer.fail(message)) ?? new Uint8Array(),
    };
  }

  #first(): MessagesTranslation | undefined {
    return this.#byTarget.values().next().value;
  }
}

function errorMessage(data: unknown): string {
  const error = (data as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : 'The backend reported an error mid-stream.';
}

/** Events as SSE bytes; a `ping` follows `message_start`, as Anthropic sends it. */
function encodeAll(events: MessagesStreamEvent[]): Uint8Array | undefined {
  if (events.length === 0) return undefined;
  const out: Uint8Array[] = [];
  for (const event of events) {
    out.push(encodeMessagesEvent(event));
    if (event.type === 'message_start') out.push(encodeMessagesEvent(pingEvent()));
  }
  return out.length === 1 ? out[0] : concatBytes(out);
}

/**
 * `POST /v1/messages/count_tokens`: passed through to a backend that speaks Messages, else an
 * estimate from a tokenizer (never a fake zero), in Anthropic's shape.
 */
export const countTokens: Protocol = {
  ...messages,
  translate: undefined,
  wantsStream: () => false,
  servedBy: (backend) => backend.api.includes('messages'),
  async local(body) {
    try {
      return Response.json({ input_tokens: await estimateInputTokens(body) });
    } catch (err) {
      if (err instanceof TranslationError) throw new GatewayError(400, err.message, { param: err.param, code: 'invalid_request_error' });
      throw err;
    }
  },
};
