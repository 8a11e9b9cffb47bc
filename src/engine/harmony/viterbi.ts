/**
 * Viterbi decoding for a "sticky" HMM (docs/controls.md, "Key and chords"): every state stays
 * with probability `stay` and moves to each other state with (1 − stay) / (S − 1). Because the
 * move cost is the same for every pair, a step costs O(S) instead of O(S²): the best path into a
 * state either stayed, or came from the best other state of the previous step (the best one, or
 * the runner-up for the best one itself).
 */

/**
 * The most likely state per step. `logEmission` is steps × states, row-major (natural log).
 * `stay` is one probability for every step, or one per step (entry t: from step t − 1 into t).
 * The initial distribution is uniform. Ties go to staying, then to the lower state index.
 */
export function stickyViterbi(logEmission: Float64Array, states: number, stay: number | ArrayLike<number>): Int32Array {
  const steps = states > 0 ? logEmission.length / states : 0;
  const path = new Int32Array(steps);
  if (steps === 0) return path;
  const stayAt = (t: number) => (typeof stay === 'number' ? stay : stay[t]);
  for (let t = typeof stay === 'number' ? 0 : 1; t < steps; t++) {
    const p = stayAt(t);
    if (!(p > 0 && p < 1)) throw new Error(`stay must lie in (0, 1), got ${p}`);
  }
  let score = Float64Array.from(logEmission.subarray(0, states));
  const back = new Int32Array(steps * states);
  for (let t = 1; t < steps; t++) {
    const logStay = Math.log(stayAt(t));
    const logMove = states > 1 ? Math.log((1 - stayAt(t)) / (states - 1)) : -Infinity;
    let best = 0, second = -1;
    for (let s = 1; s < states; s++) {
      if (score[s] > score[best]) { second = best; best = s; }
      else if (second < 0 || score[s] > score[second]) second = s;
    }
    const next = new Float64Array(states);
    for (let s = 0; s < states; s++) {
      const from = s === best ? second : best;
      const stayed = score[s] + logStay;
      const moved = from >= 0 ? score[from] + logMove : -Infinity;
      const fromStay = stayed >= moved;
      next[s] = (fromStay ? stayed : moved) + logEmission[t * states + s];
      back[t * states + s] = fromStay ? s : from;
    }
    score = next;
  }
  let last = 0;
  for (let s = 1; s < states; s++) if (score[s] > score[last]) last = s;
  path[steps - 1] = last;
  for (let t = steps - 1; t > 0; t--) path[t - 1] = back[t * states + path[t]];
  return path;
}
