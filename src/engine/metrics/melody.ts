/**
 * Melody accuracy (paper §4.3, after Music ControlNet [47]): the share of frames whose dominant
 * pitch class agrees between the reference (the supplied control) and the estimate (extracted
 * from the generated music). Inputs are T × 12 one-hot controls; frames where the reference has
 * no melody (its mask 0 or an all-zero row) do not count; an estimate frame with no melody counts
 * as wrong.
 */
function argmaxRow(v: ArrayLike<number>, row: number): number {
  let arg = -1, best = 0;
  for (let c = 0; c < 12; c++) if (v[row * 12 + c] > best) { best = v[row * 12 + c]; arg = c; }
  return arg;
}

export function melodyAccuracy(reference: ArrayLike<number>, estimate: ArrayLike<number>, referenceMask?: ArrayLike<number>): number {
  const T = Math.min(reference.length, estimate.length) / 12;
  let n = 0, hit = 0;
  for (let t = 0; t < T; t++) {
    if (referenceMask && !referenceMask[t * 12]) continue;
    const r = argmaxRow(reference, t);
    if (r < 0) continue;
    n++;
    if (argmaxRow(estimate, t) === r) hit++;
  }
  return n ? hit / n : 0;
}
