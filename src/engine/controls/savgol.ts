/**
 * Savitzky–Golay smoothing (least-squares polynomial fit in a sliding window), polynomial
 * order 2, with mirrored edges. The paper smooths intensity this way over one second so that
 * note and drum onsets do not make the curve jitter while real crescendos survive.
 */

/** Window length in frames for `seconds` at `frameRate`: the nearest odd number ≥ 1. */
export function savgolWindow(seconds: number, frameRate: number): number {
  return 2 * Math.round((seconds * frameRate) / 2) + 1;
}

/** Quadratic (= cubic) SG smoothing weights for window 2m+1: (3(3m²+3m−1) − 15i²) / ((2m+1)(4m²+4m−3)). */
export function savgolWeights(window: number): Float64Array {
  const m = (window - 1) / 2;
  const w = new Float64Array(window);
  if (m === 0) { w[0] = 1; return w; }
  const den = (2 * m + 1) * (4 * m * m + 4 * m - 3);
  for (let i = -m; i <= m; i++) w[i + m] = (3 * (3 * m * m + 3 * m - 1) - 15 * i * i) / den;
  return w;
}

export function savgol(x: Float32Array, window: number): Float32Array {
  const n = x.length;
  if (n === 0) return new Float32Array(0);
  // the window cannot exceed the signal; shrink to the largest odd length that fits
  let win = Math.max(1, Math.min(window, n % 2 === 1 ? n : n - 1));
  if (win % 2 === 0) win -= 1;
  const w = savgolWeights(win);
  const m = (win - 1) / 2;
  const out = new Float32Array(n);
  const at = (i: number) => x[i < 0 ? -i : i >= n ? 2 * n - 2 - i : i]; // mirror about the end samples
  for (let t = 0; t < n; t++) {
    let acc = 0;
    if (t >= m && t + m < n) for (let i = -m; i <= m; i++) acc += w[i + m] * x[t + i];
    else for (let i = -m; i <= m; i++) acc += w[i + m] * at(t + i);
    out[t] = acc;
  }
  return out;
}
