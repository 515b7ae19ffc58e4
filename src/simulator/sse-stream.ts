/** One SSE frame of a simulated answer, sent `delayMs` after the one before it. */
export interface Frame {
  text: string;
  delayMs: number;
}

const encoder = new TextEncoder();

/** `data: <json>` — how chat completions frames its events. */
export const dataFrame = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

/** `event: <type>` then `data: <json>` — how the Responses API and Anthropic frame theirs. */
export const namedFrame = (event: { type: string }): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * A text/event-stream response that sends each frame after its delay, one chunk per frame,
 * pulled by the reader (so a client that stops reading stops the timers) and cancellable.
 */
export function sseResponse(frames: readonly Frame[]): Response {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const frame = frames[next++];
      if (!frame) return controller.close();
      const send = () => {
        controller.enqueue(encoder.encode(frame.text));
        if (next === frames.length) controller.close();
      };
      if (frame.delayMs <= 0) return send();
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          send();
          resolve();
        }, frame.delayMs);
      });
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
}

/** Frames for the given texts: those marked `paced` wait `chunkDelayMs`, the rest follow at once. */
export function paced(chunkDelayMs: number, texts: ReadonlyArray<{ text: string; paced: boolean }>): Frame[] {
  return texts.map(({ text, paced: wait }) => ({ text, delayMs: wait ? chunkDelayMs : 0 }));
}
