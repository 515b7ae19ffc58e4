import type { Protocol } from '../protocols/protocol.ts';
import type { SseEvent } from './sse.ts';

/** What the client has been sent, for a resume to verify against. */
export class DeliveredText {
  text = '';
  /** False once anything but plain text of the one output went out: such an answer cannot be verified. */
  resumable = true;

  constructor(private readonly protocol: Protocol) {}

  record(event: SseEvent): void {
    if (event.kind !== 'content') return;
    const text = this.protocol.textOf(event.data);
    if (text === undefined) this.resumable = false;
    else this.text += text;
  }
}

/**
 * Verified resume: reads the replacement backend's answer, drops it while it repeats what the
 * client already has, and lets through only what comes after. Any difference ends the
 * answer (`diverged`): the client only ever sees one coherent answer.
 */
export class ResumeVerifier {
  #seen = '';
  #verified = false;

  constructor(
    private readonly protocol: Protocol,
    private readonly delivered: string,
  ) {}

  /** The event to forward (none while verifying; only its new part once caught up), or 'diverged'. */
  accept(event: SseEvent): SseEvent | undefined | 'diverged' {
    if (this.#verified) return event;
    if (event.kind === 'content') return this.#catchUp(event);
    return event.complete ? 'diverged' : undefined; // ended before catching up
  }

  #catchUp(event: SseEvent): SseEvent | undefined | 'diverged' {
    const text = this.protocol.textOf(event.data);
    if (text === undefined) return 'diverged';
    const seen = this.#seen + text;
    if (seen.length < this.delivered.length) {
      if (!this.delivered.startsWith(seen) || event.complete) return 'diverged';
      this.#seen = seen;
      return undefined;
    }
    if (!seen.startsWith(this.delivered)) return 'diverged';
    this.#verified = true;
    // What is new goes out; so does an event that ends the answer as it catches up, emptied.
    const rest = seen.slice(this.delivered.length);
    return rest.length > 0 || event.complete ? { ...event, ...this.protocol.withText(event.data, rest) } : undefined;
  }
}
