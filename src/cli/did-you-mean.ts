/**
 * Edit distance with adjacent transpositions (optimal string alignment): `modle` is one edit
 * from `model`, as a typo is.
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidates nearest to `name`, best first: close in edit distance (case aside), or
 * containing it / contained in it, so `deepseek-v3` finds `deepseek-ai/DeepSeek-V3`.
 */
export function closestNames(name: string, candidates: Iterable<string>, { limit = 3, maxDistance }: { limit?: number; maxDistance?: number } = {}): string[] {
  const wanted = name.toLowerCase();
  const allowed = maxDistance ?? Math.max(2, Math.floor(wanted.length / 3));
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of new Set(candidates)) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(wanted, lower);
    const related = wanted.length >= 3 && (lower.includes(wanted) || wanted.includes(lower));
    // A related name ranks with the near misses; among equals, the fewer edits first.
    if (distance <= allowed || related) scored.push({ candidate, score: (related ? Math.min(distance, allowed) - 0.5 : distance) + distance / 1000 });
  }
  return scored
    .sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** ` (did you mean "x"?)` for a near miss, else an empty string: ready to append to a message. */
export function didYouMean(name: string, candidates: Iterable<string>, prefix = ''): string {
  const [best] = closestNames(name, candidates, { limit: 1 });
  return best === undefined ? '' : ` (did you mean "${prefix}${best}"?)`;
}
