/**
 * How audible the joins of a windowed take are (issue 12; docs/evaluation.md "Joins"): at each join
 * time, a level jump and a click, and the same two measures at control points of the same take that
 * are not joins. A join is inaudible when it cannot be told from the rest of the music: its numbers
 * sit inside the controls' spread (music has onsets and swells of its own, so an absolute threshold
 * would mean little).
 *
 * - level jump: |dB(RMS of the `levelSeconds` after) − dB(RMS of the `levelSeconds` before)|.
 * - click: the signal high-passed at `highPassHz` (4th-order Butterworth), its energy in
 *   `clickFrameSeconds` frames every millisecond; the peak frame within ±`clickSearchSeconds` of the
 *   point over the median frame within ±`clickContextSeconds` (clamped to the take), in dB.
 * - controls: every `controlEverySeconds` from that time on, skipping points within
 *   `controlGuardSeconds` of a join (measured or not; exactly that far is kept) and points whose
 *   level windows leave the take. Deterministic.
 */

export interface JoinMeasureOptions {
  readonly levelSeconds?: number;
  readonly clickFrameSeconds?: number;
  readonly clickSearchSeconds?: number;
  readonly clickContextSeconds?: number;
  readonly highPassHz?: number;
  readonly controlEverySeconds?: number;
  readonly controlGuardSeconds?: number;
}

export const JOIN_MEASURE_DEFAULTS: Required<JoinMeasureOptions> = {
  levelSeconds: 0.2, clickFrameSeconds: 0.005, clickSearchSeconds: 0.01, clickContextSeconds: 0.5, highPassHz: 4000,
  controlEverySeconds: 0.37, controlGuardSeconds: 0.5,
};

/** One point's two measures, both in dB (≥ 0 for the level jump; about 0 for steady sound for the click). */
export interface PointAudibility { readonly t: number; readonly levelJumpDb: number; readonly clickDb: number }

/** A spread of values: count, median, 95th percentile (linear between ranks), maximum. */
export interface Spread { readonly n: number; readonly median: number; readonly p95: number; readonly max: number }

export interface JoinAudibility {
  /** The joins that could be measured (their level windows lie inside the take). */
  readonly joins: readonly PointAudibility[];
  /** Join times too near the take's start or end to measure. */
  readonly skipped: readonly number[];
  readonly controls: readonly PointAudibility[];
}

/** Energies below this (−120 dBFS) count as this, so silence gives finite numbers. */
const FLOOR = 1e-12;
const dB = (energy: number) => 10 * Math.log10(Math.max(energy, FLOOR));

export function measureJoins(samples: Float32Array, sampleRate: number, joinSeconds: readonly number[], options: JoinMeasureOptions = {}): JoinAudibility {
  const o = { ...JOIN_MEASURE_DEFAULTS, ...options };
  const x2 = prefixEnergy(samples);
  const h2 = prefixEnergy(highPass(samples, sampleRate, o.highPassHz));
  const n = samples.length, L = Math.round(o.levelSeconds * sampleRate);
  const F = Math.max(1, Math.round(o.clickFrameSeconds * sampleRate)), hop = Math.max(1, Math.round(0.001 * sampleRate));
  const search = Math.floor(Math.round(o.clickSearchSeconds * sampleRate) / hop), context = Math.floor(Math.round(o.clickContextSeconds * sampleRate) / hop);
  const energy = (p: Float64Array, a: number, b: number) => (p[b] - p[a]) / (b - a);
  const fits = (i: number) => i - L >= 0 && i + L <= n;

  const measure = (t: number): PointAudibility => {
    const i = Math.round(t * sampleRate);
    const levelJumpDb = Math.abs(dB(energy(x2, i, i + L)) - dB(energy(x2, i - L, i)));
    // frames centred on i + k·hop, kept whole inside the take
    const frame = (k: number) => {
      const a = i + k * hop - (F >> 1);
      return a >= 0 && a + F <= n ? energy(h2, a, a + F) : null;
    };
    let peak = 0;
    for (let k = -search; k <= search; k++) peak = Math.max(peak, frame(k) ?? 0);
    const around: number[] = [];
    for (let k = -context; k <= context; k++) { const e = frame(k); if (e !== null) around.push(e); }
    return { t, levelJumpDb, clickDb: dB(peak) - dB(median(around)) };
  };

  const joins: PointAudibility[] = [], skipped: number[] = [];
  for (const t of joinSeconds) (fits(Math.round(t * sampleRate)) ? joins.push(measure(t)) : skipped.push(t));
  const controls: PointAudibility[] = [];
  for (let j = 1; j * o.controlEverySeconds * sampleRate + L <= n; j++) {
    const t = j * o.controlEverySeconds;
    if (fits(Math.round(t * sampleRate)) && joinSeconds.every((s) => Math.abs(s - t) >= o.controlGuardSeconds - 1e-9)) controls.push(measure(t));
  }
  return { joins, skipped, controls };
}

/** Median, 95th percentile and maximum of some values; null when there are none. */
export function spread(values: readonly number[]): Spread | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] };
}

/** Join and control spreads of both measures: what a report prints. */
export function joinSpreads(a: Pick<JoinAudibility, 'joins' | 'controls'>) {
  return {
    joins: { levelJumpDb: spread(a.joins.map((p) => p.levelJumpDb)), clickDb: spread(a.joins.map((p) => p.clickDb)) },
    controls: { levelJumpDb: spread(a.controls.map((p) => p.levelJumpDb)), clickDb: spread(a.controls.map((p) => p.clickDb)) },
  };
}

/** Sorted values' quantile q, linear between ranks (numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const r = q * (sorted.length - 1), a = Math.floor(r), b = Math.min(sorted.length - 1, a + 1);
  return sorted[a] + (r - a) * (sorted[b] - sorted[a]);
}

function median(values: number[]): number {
  return values.length ? quantile(values.sort((a, b) => a - b), 0.5) : 0;
}

/** p[i] = Σ x[j]² for j < i, in float64. */
function prefixEnergy(x: ArrayLike<number>): Float64Array {
  const p = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) p[i + 1] = p[i] + x[i] * x[i];
  return p;
}

/** 4th-order Butterworth high-pass: two RBJ biquads (Q 0.5412, 1.3066), float64. */
export function highPass(x: ArrayLike<number>, sampleRate: number, hz: number): Float64Array {
  if (!(hz > 0 && hz < sampleRate / 2)) throw new Error(`high-pass ${hz} Hz must lie between 0 and ${sampleRate / 2} Hz`);
  let y = Float64Array.from(x);
  for (const Q of [0.5411961, 1.3065630]) {
    const w = (2 * Math.PI * hz) / sampleRate, alpha = Math.sin(w) / (2 * Q), c = Math.cos(w), a0 = 1 + alpha;
    const b0 = (1 + c) / 2 / a0, b1 = -(1 + c) / a0, b2 = b0, a1 = (-2 * c) / a0, a2 = (1 - alpha) / a0;
    const out = new Float64Array(y.length);
    let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (let i = 0; i < y.length; i++) {
      const v = b0 * y[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1; x1 = y[i]; y2 = y1; y1 = v; out[i] = v;
    }
    y = out;
  }
  return y;
}
