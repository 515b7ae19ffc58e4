import { type IncomingMessage, ServerResponse } from 'node:http';

/**
 * A ServerResponse whose `flushHeaders()` waits for the rest of the current turn of the event
 * loop. @hono/node-server flushes a streamed body's headers before reading its first chunk, but
 * the gateway answers a stream only once that chunk (the first token) is in hand: the flush cost
 * every stream a write and a packet of its own. Now a chunk written in the same turn leaves with
 * the headers in one write, and headers with nothing behind them yet leave on the next turn.
 */
export class CoalescingResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override flushHeaders(): void {
    setImmediate(() => this.sent || this.destroyed || super.flushHeaders());
  }

  /** Whether the headers went out: `headersSent` is true as soon as they are only built. */
  private get sent(): boolean {
    return (this as unknown as { _headerSent: boolean })._headerSent;
  }
}
