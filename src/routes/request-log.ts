import type { Backend } from '../config/types.ts';
import type { IncomingCall } from '../http/incoming-call.ts';
import type { Clock } from '../lifecycle/clock.ts';
import type { Logger } from '../log.ts';
import type { StreamEnd } from '../stream/stream-end.ts';
import type { ChainResult } from '../upstream/failover.ts';
import { formatAttempts } from './route-headers.ts';

/**
 * The log lines of one request: one when it is answered, a warning when every backend failed
 * or a body did not end cleanly. No prompt, answer or key: the method, path, model asked for,
 * alias and attempts. Lines are built only when written.
 */
export class RequestLog {
  readonly #started: number;

  constructor(
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly call: IncomingCall,
    private readonly model: unknown,
    private readonly alias: string,
    /** The model a backend was sent for this call. */
    private readonly sentModel: (backend: Backend, requested: unknown) => unknown,
  ) {
    this.#started = clock.now();
  }

  /** How the failover walk settled. */
  settled(result: ChainResult): void {
    if (result.kind === 'client-gone') this.log.request(() => `${this.#summary(result)} → client left after ${this.#took()}`);
    else if (result.kind === 'all-failed') this.log.warn(`${this.#summary(result)} → every backend failed, answered ${result.response.status} in ${this.#took()}`);
    else this.log.request(() => `${this.#summary(result)} → ${result.backend.name} ${result.handle.status}${this.#sent(result.backend)} in ${this.#took()}`);
  }

  /** How an answer's body ended; only an unclean end is worth a line. */
  ended(result: ChainResult, how: StreamEnd): void {
    if (how !== 'complete') this.log.warn(`${this.#summary(result)} → body ended: ${how} after ${this.#took()}`);
  }

  #summary(result: ChainResult): string {
    return `${this.call.method} ${this.call.url.pathname} model=${String(this.model)} alias=${this.alias} attempts=${formatAttempts(result.attempts, { causes: true })}`;
  }

  #sent(backend: Backend): string {
    const sent = this.sentModel(backend, this.model);
    return sent === undefined ? '' : ` sent=${String(sent)}`;
  }

  #took(): string {
    return `${Math.round(this.clock.now() - this.#started)}ms`;
  }
}
