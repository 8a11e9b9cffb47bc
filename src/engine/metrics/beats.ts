/**
 * Beat and downbeat F-measure (paper §4.3, App. C; the standard of mir_eval / Davies et al.):
 * an estimated beat is a hit when it lies within ±70 ms of a reference beat, each reference beat
 * matched at most once. Unlike mir_eval's default we do not drop the first 5 s: our clips are short.
 */
export const BEAT_TOLERANCE_S = 0.07;

export interface F1 {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly hits: number;
}

/** Which beats a matching left alone: the reference beats missed and the estimated beats extra. */
export interface BeatMatch {
  readonly hits: number;
  readonly missed: readonly number[];
  readonly extra: readonly number[];
}

/**
 * Greedy matching over sorted times: with one tolerance for all, matching each reference to the
 * earliest unmatched estimate within reach gives a maximum matching (an interval-scheduling
 * argument), so this equals the bipartite matching mir_eval computes.
 */
export function matchBeats(reference: readonly number[], estimate: readonly number[], tolerance = BEAT_TOLERANCE_S): BeatMatch {
  const r = [...reference].sort((a, b) => a - b);
  const e = [...estimate].sort((a, b) => a - b);
  const missed: number[] = [], extra: number[] = [];
  let i = 0, j = 0, hits = 0;
  while (i < r.length && j < e.length) {
    if (e[j] < r[i] - tolerance) extra.push(e[j++]);
    else if (e[j] > r[i] + tolerance) missed.push(r[i++]);
    else { hits++; i++; j++; }
  }
  missed.push(...r.slice(i));
  extra.push(...e.slice(j));
  return { hits, missed, extra };
}

export function beatF1(reference: readonly number[], estimate: readonly number[], tolerance = BEAT_TOLERANCE_S): F1 {
  if (reference.length === 0 && estimate.length === 0) return { precision: 1, recall: 1, f1: 1, hits: 0 };
  const { hits } = matchBeats(reference, estimate, tolerance);
  const precision = estimate.length ? hits / estimate.length : 0;
  const recall = reference.length ? hits / reference.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, hits };
}

/** Downbeat F1: the same measure on the downbeats only. */
export function downbeatF1(
  reference: readonly { t: number; downbeat: boolean }[],
  estimate: readonly { t: number; downbeat: boolean }[],
  tolerance = BEAT_TOLERANCE_S,
): F1 {
  return beatF1(reference.filter((b) => b.downbeat).map((b) => b.t), estimate.filter((b) => b.downbeat).map((b) => b.t), tolerance);
}
