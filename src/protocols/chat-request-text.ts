/**
 * A translated chat request as JSON text, asking for `model` (undefined: its own). The model is
 * set for the call and put back: the translation is kept for the next backend, and a copy of
 * it made per attempt only to change one field would be garbage at once.
 */
export function chatRequestText(chat: { model: string }, model: string | undefined): string {
  const own = chat.model;
  if (model !== undefined) chat.model = model;
  try {
    return JSON.stringify(chat);
  } finally {
    chat.model = own;
  }
}
