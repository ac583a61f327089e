/** "Did you mean": the closest known name to a misspelt one, for every load-time error that names something. */

/** Edit distance (Levenshtein). */
export function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest candidate, if it is close enough to be what was meant (a different case always is). */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; cost: number } | undefined;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return candidate;
    // Cheap bound first: names of very different lengths cannot be close.
    if (Math.abs(candidate.length - name.length) > Math.max(2, Math.floor(name.length / 4))) continue;
    const cost = distance(lower, candidate.toLowerCase());
    if (!best || cost < best.cost) best = { name: candidate, cost };
  }
  return best && best.cost <= Math.max(2, Math.floor(name.length / 4)) ? best.name : undefined;
}

/** ` (did you mean X?)`, or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>, prefix = ''): string {
  const found = closest(name, candidates);
  return found === undefined ? '' : ` (did you mean ${prefix}${found}?)`;
}
