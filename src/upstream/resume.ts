import type { SseEvent } from './sse.ts';

const encoder = new TextEncoder();

/** Choice 0's content, or undefined when an event carries output that is not plain content. */
function contentOf(event: SseEvent): string | undefined {
  const choices = (event.data as { choices?: Array<{ index?: number; delta?: Record<string, unknown>; text?: string }> } | undefined)?.choices;
  if (!choices || choices.length !== 1 || (choices[0]!.index ?? 0) !== 0) return undefined;
  const { delta, text } = choices[0]!;
  if (typeof text === 'string') return text;
  if (!delta) return undefined;
  for (const key of ['reasoning_content', 'reasoning', 'refusal', 'tool_calls', 'function_call']) if (delta[key] !== undefined && delta[key] !== null && delta[key] !== '') return undefined;
  return typeof delta.content === 'string' ? delta.content : undefined;
}

/** What the client has been sent, for a resume to verify against. */
export class DeliveredText {
  text = '';
  /** False once anything but plain content of one choice went out: such an answer cannot be verified. */
  resumable = true;

  record(event: SseEvent): void {
    if (event.kind !== 'token') return;
    const content = contentOf(event);
    if (content === undefined) this.resumable = false;
    else this.text += content;
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

  constructor(private readonly delivered: string) {}

  /** The bytes to forward for this event (none while verifying), or 'diverged'. */
  accept(event: SseEvent): Uint8Array | undefined | 'diverged' {
    if (this.#verified) return event.bytes;
    if (event.kind === 'done' || event.finished) return 'diverged'; // ended before catching up
    if (event.kind !== 'token') return undefined;
    const content = contentOf(event);
    if (content === undefined) return 'diverged';
    const seen = this.#seen + content;
    if (seen.length <= this.delivered.length) {
      if (!this.delivered.startsWith(seen)) return 'diverged';
      this.#seen = seen;
      if (seen.length === this.delivered.length) this.#verified = true;
      return undefined;
    }
    if (!seen.startsWith(this.delivered)) return 'diverged';
    this.#verified = true;
    return withContent(event, seen.slice(this.delivered.length));
  }
}

function withContent(event: SseEvent, content: string): Uint8Array {
  const data = structuredClone(event.data) as { choices: Array<{ delta?: { content?: string }; text?: string }> };
  const choice = data.choices[0]!;
  if (typeof choice.text === 'string') choice.text = content;
  else choice.delta!.content = content;
  return encoder.encode(`data: ${JSON.stringify(data)}\n\n`);
}
