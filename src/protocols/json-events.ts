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
    return { ...classify(data), data };
  };
}
