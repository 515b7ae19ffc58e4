import type { GatewayError } from '../errors.ts';

/** The APIs a client may call and a backend may speak. */
export type ApiName = 'chat' | 'responses' | 'messages';

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
  /** The parsed data, for content events (verified resume reads it). */
  data?: unknown;
}

/**
 * What differs between the APIs the gateway speaks, in one place per protocol: the stream
 * layer and the failover walk look these up instead of branching on the protocol's name.
 */
export interface Protocol {
  readonly name: ApiName;
  /** The model a parsed request body names; it picks the alias. */
  requestedModel(body: Record<string, unknown>): unknown;
  /** Whether a parsed request body asks for a stream. */
  wantsStream(body: Record<string, unknown>): boolean;
  /** What one SSE event's data text means. */
  readEvent(data: string): EventMeaning;
  /** The plain text a content event carries (its parsed data), for verified resume; undefined if it carries anything else. */
  textOf(data: unknown): string | undefined;
  /** The same event carrying only `text`, encoded: the part of a resumed event the client has not seen. */
  withText(data: unknown, text: string): Uint8Array;
  /** The in-band error event: the only way to report a failure once a stream has started. */
  errorEvent(message: string, code: string): Uint8Array;
  /** An error the gateway answers itself, in this protocol's HTTP shape. */
  errorResponse(error: GatewayError): Response;
}
