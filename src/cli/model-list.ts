import { closestNames } from './did-you-mean.ts';

/** The ids a `GET /models` answer lists: OpenAI's and Anthropic's `{ data: [{ id }] }`, or a bare array (Together). */
export function listedIds(body: unknown): string[] | undefined {
  const list = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(list)) return undefined;
  return list.flatMap((m) => (typeof (m as { id?: unknown })?.id === 'string' ? [(m as { id: string }).id] : []));
}

/** `models/gemini-2.5-flash` (Gemini's OpenAI-compatible list) is `gemini-2.5-flash`. */
const bare = (id: string) => id.replace(/^models\//, '');

/** A dated snapshot of an alias: `claude-sonnet-4-5-20250929` for `claude-sonnet-4-5`, `gpt-4o-2024-08-06` for `gpt-4o`. */
const isSnapshotOf = (id: string, model: string) => id.startsWith(`${model}-`) && /^(\d{8}|\d{4}-\d{2}-\d{2})$/.test(id.slice(model.length + 1));

/** How a configured model stands in a provider's list: the listed id it matches, or the nearest names. */
export interface ModelMatch {
  model: string;
  /** The listed id that stands for it (itself, its `models/` form, or a dated snapshot of it). */
  listedAs?: string;
  /** The nearest listed names, when it is not listed. */
  closest: string[];
}

/** Looks a configured model up in a provider's list. */
export function matchModel(model: string, ids: readonly string[]): ModelMatch {
  const wanted = bare(model);
  const listedAs = ids.find((id) => bare(id) === wanted) ?? ids.find((id) => isSnapshotOf(bare(id), wanted));
  if (listedAs !== undefined) return { model, listedAs, closest: [] };
  return { model, closest: closestNames(wanted, ids.map(bare)) };
}
