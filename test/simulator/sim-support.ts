// Helpers for the simulator's tests: requests straight to a backend's fetch, SSE read back.
import { readFileSync } from 'node:fs';
import type { SimulatedBackend } from '../../src/simulator/simulated-backend.ts';

/** A POST with a JSON body to `path` on the backend, no sockets. */
export function post(backend: SimulatedBackend, path: string, body: unknown): Promise<Response> {
  return backend.fetch(new Request(`http://sim.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

/** One SSE event as a client reads it: its `event:` name (if any) and its `data:` text. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Splits an SSE body into events (blank-line separated; `event:` and `data:` fields). */
export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length);
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice('data: '.length))
        .join('\n');
      return event === undefined ? { data } : { event, data };
    });
}

/** The JSON of every `data:` line but `[DONE]`. */
export const dataOf = (events: SseEvent[]): Array<Record<string, any>> => events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data));

/** A request body captured from a real client (test/fixtures/clients), `index` into its requests. */
export function capturedBody(file: string, index = 0): Record<string, any> {
  const capture = JSON.parse(readFileSync(new URL(`../fixtures/clients/${file}`, import.meta.url), 'utf8'));
  return capture.requests[index].body;
}
