/** Precision/recall/F1 of detected event times against known ones, one-to-one within a tolerance. */
export function f1(found: readonly number[], truth: readonly number[], tol: number): { precision: number; recall: number; f1: number } {
  const used = new Set<number>();
  let hits = 0;
  for (const t of truth) {
    let best = -1;
    for (let i = 0; i < found.length; i++) {
      if (used.has(i) || Math.abs(found[i] - t) > tol) continue;
      if (best < 0 || Math.abs(found[i] - t) < Math.abs(found[best] - t)) best = i;
    }
    if (best >= 0) { used.add(best); hits++; }
  }
  const precision = found.length ? hits / found.length : truth.length ? 0 : 1;
  const recall = truth.length ? hits / truth.length : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
