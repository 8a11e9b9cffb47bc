/**
 * Cuts on beats (seed 003, VidMusician §4, "Rhythm"): the share of the video's cuts that have a
 * beat of the take within ±0.1 s — a recall over cuts, not a matching: two cuts may share one
 * beat, since cuts are sparse and beats dense (a take with a beat every 0.2 s scores 1 by
 * construction; read it beside beat F1). The best published system scores 0.25.
 */
export const CUT_BEAT_TOLERANCE_S = 0.1;

export interface CutsOnBeat {
  /** hits / cuts; NaN when the video has no cut (nothing to judge). */
  readonly share: number;
  readonly hits: number;
  readonly cuts: number;
}

export function cutsOnBeat(cuts: readonly number[], beats: readonly number[], tolerance = CUT_BEAT_TOLERANCE_S): CutsOnBeat {
  const b = [...beats].sort((x, y) => x - y);
  let hits = 0;
  for (const c of cuts) {
    // binary search for the first beat ≥ c − tolerance
    let lo = 0, hi = b.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (b[mid] < c - tolerance - 1e-9) lo = mid + 1; else hi = mid; }
    if (lo < b.length && b[lo] <= c + tolerance + 1e-9) hits++;
  }
  return { share: cuts.length ? hits / cuts.length : NaN, hits, cuts: cuts.length };
}
