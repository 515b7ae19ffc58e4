import type { EventMeaning } from './protocol.ts';

const MALFORMED: EventMeaning = { kind: 'malformed', complete: false };

/** `readEvent` for a protocol whose events are JSON objects it classifies by their fields (Responses, Messages). */
export function jsonEventReader(classify: (data: unknown) => Omit<EventMeaning, 'data'>): (data: string) => EventMeaning {
  return (text) => {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return MALFORMED;
    }
    const { kind, complete } = classify(data);
    return { kind, complete, data }; // written out: on Node 20 a spread gaining a key is slow (docs/performance.md)
  };
}
