/**
 * Melody accuracy (paper §4.3, after Music ControlNet [47]): the share of frames whose dominant
 * pitch class agrees between the reference (the supplied control) and the estimate (extracted
 * from the generated music). Inputs are T × 12 one-hot controls; frames where the reference has
 * no melody (its mask 0 or an all-zero row) do not count; an estimate frame with no melody counts
 * as wrong.
 */
/** The dominant pitch class of frame `row` of a T × 12 control, −1 for an all-zero row. */
export function argmaxRow(v: ArrayLike<number>, row: number): number {
  let arg = -1, best = 0;
  for (let c = 0; c < 12; c++) if (v[row * 12 + c] > best) { best = v[row * 12 + c]; arg = c; }
  return arg;
}

/**
 * Frame by frame: 1 where the dominant pitch classes agree, 0 where they do not, −1 where the
 * frame does not count (the rules above). melodyAccuracy is the share of 1 among the counted.
 */
export function melodyFrameHits(reference: ArrayLike<number>, estimate: ArrayLike<number>, referenceMask?: ArrayLike<number>): Int8Array {
  const T = Math.floor(Math.min(reference.length, estimate.length) / 12);
  const out = new Int8Array(T).fill(-1);
  for (let t = 0; t < T; t++) {
    if (referenceMask && !referenceMask[t * 12]) continue;
    const r = argmaxRow(reference, t);
    if (r >= 0) out[t] = argmaxRow(estimate, t) === r ? 1 : 0;
  }
  return out;
}

export function melodyAccuracy(reference: ArrayLike<number>, estimate: ArrayLike<number>, referenceMask?: ArrayLike<number>): number {
  let n = 0, hit = 0;
  for (const h of melodyFrameHits(reference, estimate, referenceMask)) if (h >= 0) { n++; hit += h; }
  return n ? hit / n : 0;
}
