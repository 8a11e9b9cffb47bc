/**
 * Dynamic-programming beat tracking (Ellis 2007, "Beat tracking by dynamic programming"):
 * the beats maximise Σ onset strength at the beats − α Σ (log(interval / period))², found
 * exactly by one forward pass and a backtrace. Our one change: the period comes from the
 * tempo track at each frame instead of one global tempo, so the grid follows ramps and steps.
 */

/** α: how strongly intervals are held to the local period (librosa's default "tightness"). */
const TIGHTNESS = 100;
/** Leading/trailing beats weaker than this × the RMS beat strength are dropped (librosa does the same). */
const TRIM_RATIO = 0.25;

/** Beat positions in (fractional) onset frames. */
export function trackBeats(env: Float32Array, period: Float32Array): number[] {
  const n = env.length;
  if (n === 0 || !env.some((v) => v !== 0)) return [];
  const score = new Float64Array(n);
  const back = new Int32Array(n).fill(-1);
  for (let t = 0; t < n; t++) {
    const p = period[t];
    const from = Math.max(0, Math.round(t - 2 * p));
    const to = t - Math.max(1, Math.round(p / 2));
    let best = -Infinity, arg = -1;
    for (let s = from; s <= to; s++) {
      const r = Math.log((t - s) / p);
      const v = score[s] - TIGHTNESS * r * r;
      if (v > best) { best = v; arg = s; }
    }
    if (arg >= 0 && best > 0) { score[t] = env[t] + best; back[t] = arg; }
    else score[t] = env[t];
  }
  // last beat: the best cumulative score within the last period (Ellis); beats the chain
  // extends into a silent tail are trimmed below
  let t = n - 1;
  for (let s = Math.max(0, Math.round(n - 1 - period[n - 1])); s < n; s++) if (score[s] > score[t]) t = s;
  const frames: number[] = [];
  while (t >= 0) { frames.push(t); t = back[t]; }
  frames.reverse();
  return trim(env, frames).map((f) => refine(env, f));
}

/** Strength of a beat: the onset envelope's maximum within ±2 frames. */
export function beatStrength(env: Float32Array, f: number): number {
  let m = -Infinity;
  for (let d = -2; d <= 2; d++) {
    const j = Math.round(f) + d;
    if (j >= 0 && j < env.length && env[j] > m) m = env[j];
  }
  return m;
}

function trim(env: Float32Array, frames: number[]): number[] {
  if (frames.length === 0) return frames;
  const s = frames.map((f) => beatStrength(env, f));
  const rms = Math.sqrt(s.reduce((a, v) => a + Math.max(0, v) ** 2, 0) / s.length);
  let a = 0, b = frames.length;
  while (a < b && s[a] < TRIM_RATIO * rms) a++;
  while (b > a && s[b - 1] < TRIM_RATIO * rms) b--;
  return frames.slice(a, b);
}

/** Snap to the envelope's peak within ±2 frames, then a parabola for the sub-frame position. */
function refine(env: Float32Array, f: number): number {
  let k = f;
  for (let d = -2; d <= 2; d++) {
    const j = f + d;
    if (j >= 0 && j < env.length && env[j] > env[k]) k = j;
  }
  if (k <= 0 || k >= env.length - 1) return k;
  const a = env[k - 1], b = env[k], c = env[k + 1];
  const den = a - 2 * b + c;
  return den < 0 ? k + Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : k;
}
