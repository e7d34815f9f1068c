// The one "did you mean" helper: the candidate closest to what was written, by case-insensitive edit
// distance (an adjacent swap counts as one edit), for unknown names, access types and allow codes.

/** The candidate closest to `word` within `maxDistance` edits (ties: the first), or undefined. */
export function closest(word: string, candidates: Iterable<string>, maxDistance = Infinity): string | undefined {
  const w = word.toUpperCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const u = c.toUpperCase();
    // Only a spelling that differs in case is close enough: no need to measure.
    const d = maxDistance === 0 ? (u === w ? 0 : Infinity) : editDistance(w, u);
    if (d <= maxDistance && d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}

/** `; did you mean 'x'?` — the tail of a message, empty when there is nothing to suggest. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : `; did you mean '${suggestion}'?`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
