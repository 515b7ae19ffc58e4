// bench/RESULTS.md holds the latest full run below a history of milestones kept by hand; git
// keeps every earlier run. A run replaces every `## ` section but the history.

/** The heading of the section a run keeps. */
export const HISTORY_HEADING = '## History';

/** What a missing RESULTS.md starts with. */
const TITLE = '# Benchmark results\n\nThe latest full run of `npm run bench`. Git keeps every earlier run.\n';

/**
 * The new text of RESULTS.md: `current` (undefined for a missing file) with `run`, a section that
 * starts with its own `## ` heading, as its latest run. What precedes the first section and the
 * history section are kept as they are; every other section is dropped.
 */
export function withLatestRun(current: string | undefined, run: string): string {
  if (!run.startsWith('## ') || isHistory(run)) throw new Error('A run must start with a "## <date>" heading of its own.');
  const kept = sectionsOf(current ?? TITLE).filter((s) => !s.startsWith('## ') || isHistory(s));
  return `${[...kept, run].map((s) => s.trimEnd()).join('\n\n')}\n`;
}

const isHistory = (section: string) => section.split('\n', 1)[0]!.trim() === HISTORY_HEADING;

/** The text before the first `## ` heading (if any), then one string per `## ` section. */
function sectionsOf(text: string): string[] {
  const sections: string[] = [];
  let at = 0;
  for (const match of text.matchAll(/^## /gm)) {
    if (match.index > at) sections.push(text.slice(at, match.index));
    at = match.index;
  }
  sections.push(text.slice(at));
  return sections.filter((s) => s.trim() !== '');
}
