/**
 * Periodicity of a motion series by normalised autocorrelation: the lag (in frames, with
 * parabolic refinement) where the series best matches a shifted copy of itself, and how well.
 * A dancer stepping on the beat or a swinging object gives a clear peak; a random walk none.
 */

export interface Periodicity {
  /** 0..1: autocorrelation at the best lag (0 when nothing repeats). */
  readonly strength: number;
  /** Best lag in frames (fractional), 0 when strength is 0. */
  readonly lag: number;
}

/**
 * minLag..maxLag bound the search (frames). Only local maxima count, so the trivial peak at small
 * lags of a slowly varying series is not mistaken for a period.
 */
export function periodicity(x: ArrayLike<number>, minLag: number, maxLag: number, lo = 0, hi = x.length): Periodicity {
  const n = hi - lo;
  if (n < 2 * minLag + 2) return { strength: 0, lag: 0 };
  let mean = 0;
  for (let i = lo; i < hi; i++) mean += x[i];
  mean /= n;
  let energy = 0;
  for (let i = lo; i < hi; i++) energy += (x[i] - mean) ** 2;
  // A still shot has nothing to correlate; its "periodicity" would be rounding noise.
  if (energy / n < 1e-8) return { strength: 0, lag: 0 };
  const top = Math.min(maxLag + 1, n - 2);
  const r = new Float64Array(top + 2);
  for (let l = Math.max(1, minLag - 1); l <= top; l++) {
    let s = 0;
    for (let i = lo; i + l < hi; i++) s += (x[i] - mean) * (x[i + l] - mean);
    // Unbiased: fewer overlapping samples at longer lags.
    r[l] = (s / energy) * (n / (n - l));
  }
  let best = 0, bestLag = 0;
  for (let l = Math.max(minLag, 2); l < top; l++) {
    if (r[l] > r[l - 1] && r[l] >= r[l + 1] && r[l] > best) {
      best = r[l];
      bestLag = l;
    }
  }
  if (best <= 0) return { strength: 0, lag: 0 };
  const a = r[bestLag - 1], b = r[bestLag], c = r[bestLag + 1];
  const denom = a - 2 * b + c;
  const shift = denom < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denom)) : 0;
  return { strength: Math.min(1, best), lag: bestLag + shift };
}

/** Least-squares slope of x[lo..hi) per sample. */
export function slope(x: ArrayLike<number>, lo: number, hi: number): number {
  const n = hi - lo;
  if (n < 2) return 0;
  const mt = (n - 1) / 2;
  let mx = 0;
  for (let i = lo; i < hi; i++) mx += x[i];
  mx /= n;
  let num = 0, den = 0;
  for (let i = lo; i < hi; i++) {
    const dt = i - lo - mt;
    num += dt * (x[i] - mx);
    den += dt * dt;
  }
  return num / den;
}
