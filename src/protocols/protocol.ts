import type { Backend } from '../config/types.ts';
import type { GatewayError } from '../errors.ts';

/** The APIs a client may call. */
export type ApiName = 'chat' | 'responses' | 'messages' | 'embeddings';

/** What one streamed event means for failover and for the stream's end. */
export type EventKind =
  /** real output: text, reasoning, a tool call, a refusal */
  | 'content'
  /** no output yet: a comment, a role-only delta, a lifecycle frame, usage */
  | 'empty'
  /** the protocol's in-band error */
  | 'error'
  /** data that is not what the protocol sends: dropped, never forwarded */
  | 'malformed';

export interface EventMeaning {
  kind: EventKind;
  /** The protocol's own clean end was seen (`[DONE]`, a finish reason, `response.completed`, `message_stop`). */
  complete: boolean;
  /** The parsed data (verified resume and translation read it). */
  data?: unknown;
}

/** One streamed event as it arrived, and what it means in its protocol. */
export interface StreamEvent extends EventMeaning {
  bytes: Uint8Array;
}

/**
 * What reaches the client of a stream the gateway has judged: the events as they came
 * (passthrough), or translated into the client's protocol.
 */
export interface StreamOutput {
  /** True when every event goes out as its own bytes: a chunk of whole events may then go out as it came. */
  readonly verbatim: boolean;
  /** The bytes for one upstream event that goes to the client. */
  write(event: StreamEvent): Uint8Array | undefined;
  /** What closes the answer at a clean end, if anything is still to send. */
  end(): Uint8Array | undefined;
  /** The in-band error after the stream has started: never a clean-looking end. */
  fail(message: string, code: string): Uint8Array;
}

/**
 * What differs between the APIs the gateway speaks, in one place per protocol: the stream
 * layer and the failover walk look these up instead of branching on the protocol's name.
 */
export interface Protocol {
  readonly name: ApiName;
  /** The model a parsed request body names; it picks the alias. */
  requestedModel(body: Record<string, unknown>): unknown;
  /** The model a backend is sent for this call (undefined: the client's passes through); by default its forced model. */
  modelFor?(backend: Backend, requested: string | undefined): string | undefined;
  /** Whether a backend serves this API; a chain where none says so is tried whole. Every backend, by default. */
  servedBy?(backend: Backend): boolean;
  /** The gateway's own answer when no backend of the chain serves the call; absent, the whole chain is tried. */
  local?(body: Record<string, unknown> | undefined): Promise<Response>;
  /** Whether a parsed request body asks for a stream. */
  wantsStream(body: Record<string, unknown>): boolean;
  /** What one SSE event's data text means. */
  readEvent(data: string): EventMeaning;
  /** The plain text a content event carries (its parsed data), for verified resume; undefined if it carries anything else. */
  textOf(data: unknown): string | undefined;
  /** The same event carrying only `text`: the part of a resumed event the client has not seen. */
  withText(data: unknown, text: string): { data: unknown; bytes: Uint8Array };
  /** The tokens an event's data reports, if any (chat's usage chunk, `response.completed`, `message_delta` …). */
  usageOf?(data: unknown): { input?: number; output?: number } | undefined;
  /** The in-band error event: the only way to report a failure once a stream has started. */
  errorEvent(message: string, code: string): Uint8Array;
  /** An error the gateway answers itself, in this protocol's HTTP shape. */
  errorResponse(error: GatewayError): Response;
  /** What the client is sent of a stream passed through in this protocol; by default each event as it came. */
  passthrough?(): StreamOutput;
  /**
   * A call going to a backend that speaks this protocol natively, adjusted for it (auth, version
   * headers, body fixes); `primary` says the backend leads the chain (earlier turns most likely went there).
   */
  adaptNative?(
    request: { headers: Record<string, string>; body: BodyInit | null },
    native: { backend: Backend; body: Record<string, unknown> | undefined; model: string | undefined; primary: boolean },
  ): void;
  /** The client's headers that belong to this protocol, never sent to a backend the call is translated for. */
  ownHeaders?(name: string): boolean;
  /** The body of a failure the client gets when every backend failed, in this protocol's error shape (it may be another's). */
  adaptFailure?(status: number, body: Uint8Array): Uint8Array<ArrayBuffer>;
  /**
   * How a call in this protocol is put onto chat completions for a backend that speaks only chat;
   * absent for chat itself.
   */
  translate?(body: Record<string, unknown>): Translation;
}

/** What a backend needs to know to be sent a translated call. */
export interface TranslationTarget {
  /** It takes `reasoning_effort` and sends reasoning text back. */
  reasoning: boolean;
  /** Its output limit: a larger one asked for is capped. */
  maxOutputTokens?: number;
}

/** One call in a client protocol, put onto chat completions, and its answers put back. */
export interface Translation {
  /**
   * The chat completions request for one backend, as JSON text, asking for `model` (undefined:
   * the client's); a 400 `GatewayError` when the call cannot be translated.
   */
  chatRequest(target: TranslationTarget, model: string | undefined): string;
  /** What was left out of the call, for one log line (field and tool names, never content). */
  readonly notes: readonly string[];
  /** A whole chat completion (parsed), as the client's protocol answers: its JSON text. */
  answer(chat: unknown): string;
  /** A chat backend's error body, as the client's protocol shows it. */
  error(status: number, body: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>;
  /** The writer of one streamed answer. */
  stream(): StreamOutput;
}
