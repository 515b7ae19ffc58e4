/** What one simulated answer knows about itself: who answers, which model it was sent, its serial. */
export interface Turn {
  /** The backend's name, as in the reply text. */
  name: string;
  /** The model the request named (`unset` when it named none). */
  model: string;
  /** This backend's count of completion requests, this one included: it makes ids unique. */
  serial: number;
  /** Unix seconds when the answer was made. */
  created: number;
  chunkDelayMs: number;
  /** The rough size of the prompt, see rough-tokens.ts. */
  promptTokens: number;
}

/** The reply every simulated backend gives: it names itself and the model it was sent. */
export const greeting = (turn: Pick<Turn, 'name' | 'model'>): string => `Hello from the ${turn.name} backend, answering as model ${turn.model}.`;

/** A text cut into streamed pieces: the first word, then each following word with its space. */
export function wordPieces(text: string): string[] {
  return text.split(' ').map((word, i) => (i === 0 ? word : ` ${word}`));
}
