import { GatewayError } from '../errors.ts';
import type { Clock } from '../lifecycle/clock.ts';
import { onRequestEnd } from '../lifecycle/request-end.ts';
import type { EndSource } from '../runtime-contract.ts';

/**
 * Refuses requests whose headers are too many or too large (431, RFC 6585 §5), whatever
 * the runtime's own parser allows, so every runtime answers alike. `Headers` joins repeated
 * names into one field; `lines`, where the runtime knows it, is the count as sent.
 */
export function checkHeaders(headers: Headers, { maxBytes, maxCount }: { maxBytes: number; maxCount: number }, lines?: number): void {
  let count = 0;
  let bytes = 0;
  headers.forEach((value, name) => {
    count++;
    bytes += name.length + value.length + 4;
  });
  if (lines !== undefined && lines > count) count = lines;
  if (count > maxCount || bytes > maxBytes) {
    throw new GatewayError(431, `Request headers are too large (limit: ${maxCount} headers, ${maxBytes} bytes).`, { code: 'headers_too_large' });
  }
}

/**
 * A cap on upstream requests in flight. Past it, a request waits in line up to
 * `queueTimeoutMs`, then gets 503 with `Retry-After`, so a flood cannot exhaust memory or
 * file descriptors.
 */
export class ConcurrencyLimit {
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly queueTimeoutMs: number,
    private readonly clock: Clock,
  ) {}

  /** Resolves a release function once there is room; throws 503 when the wait runs out or the client leaves. */
  async acquire(clientGone: AbortSignal | EndSource): Promise<() => void> {
    if (this.#active >= this.max) await this.#wait(clientGone);
    this.#active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#waiting.shift()?.();
    };
  }

  #wait(clientGone: AbortSignal | EndSource): Promise<void> {
    return new Promise((resolve, reject) => {
      // A queue timeout of 0 means no waiting in line.
      if (!(this.queueTimeoutMs > 0)) return reject(overloaded());
      let stopListening = () => {};
      const wake = () => {
        timer.cancel();
        stopListening();
        resolve();
      };
      // Also a client that leaves while in line: it gives up its place (at once if already gone).
      const giveUp = () => {
        const i = this.#waiting.indexOf(wake);
        if (i >= 0) this.#waiting.splice(i, 1);
        timer.cancel();
        stopListening();
        reject(overloaded());
      };
      this.#waiting.push(wake);
      const timer = this.clock.deadline(this.queueTimeoutMs, giveUp);
      stopListening = onRequestEnd([clientGone], giveUp);
    });
  }
}

const overloaded = () =>
  new GatewayError(503, 'The gateway is at its limit of concurrent requests; try again shortly.', { code: 'overloaded', headers: { 'retry-after': '1' } });
