import type { ResponseEcho, ResponseObject, ResponsesEvent } from './types.ts';

/**
 * One call's responses as JSON, with the echo of its request written once. The echo (tools,
 * instructions …) is most of a response: a Codex turn's tools are 18 kB of its 19 kB, and a
 * streamed answer carries the response three times (`created`, `in_progress`, then `completed`
 * or `failed`), then once more into the store. The text is what `JSON.stringify` writes, byte
 * for byte: the echo's fields come last in a response (`newResponse`), in `echoOf`'s order, and
 * nothing changes them after the response is made.
 */
export class ResponseJson {
  #members: string | undefined;

  constructor(private readonly echo: ResponseEcho) {}

  /** `JSON.stringify(response)`, for a response made from this call's echo. */
  response(r: ResponseObject): string {
    const head = JSON.stringify({
      id: r.id,
      object: r.object,
      created_at: r.created_at,
      status: r.status,
      background: r.background,
      error: r.error,
      incomplete_details: r.incomplete_details,
      model: r.model,
      output: r.output,
      usage: r.usage,
    });
    this.#members ??= JSON.stringify(this.echo).slice(1, -1);
    return this.#members === '' ? head : `${head.slice(0, -1)},${this.#members}}`;
  }

  /** `JSON.stringify(event)`; a lifecycle event's response (its last field) written as above. */
  event(e: ResponsesEvent): string {
    const response = e.response as ResponseObject | undefined;
    if (response === undefined || !isLifecycle(e)) return JSON.stringify(e);
    return `{"type":${JSON.stringify(e.type)},"sequence_number":${e.sequence_number},"response":${this.response(response)}}`;
  }
}

/** An event of exactly `type`, `sequence_number` and `response`, in that order (as the stream writer makes them). */
function isLifecycle(e: ResponsesEvent): boolean {
  let i = 0;
  for (const key in e) if (key !== LIFECYCLE_KEYS[i++]) return false;
  return i === 3;
}

const LIFECYCLE_KEYS = ['type', 'sequence_number', 'response'];
