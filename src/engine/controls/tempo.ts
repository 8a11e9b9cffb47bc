/**
 * Onset strength → tempo over time (docs/controls.md, "Rhythm"). Ellis (2007) estimates one
 * tempo from the autocorrelation of the onset envelope weighted by a log-Gaussian preference
 * around 120 BPM; we do that in 8 s windows every second and join the windows with a Viterbi
 * path that penalises tempo jumps, so ramps and steps are followed without octave flips.
 */

export const MIN_BPM = 40;
export const MAX_BPM = 240;
/** Log-Gaussian tempo preference: centre and width in octaves (Ellis 2007 used 120 BPM, ~1 octave). */
const PRIOR_BPM = 120;
const PRIOR_OCTAVES = 1;
const WINDOW_S = 8;
const WINDOW_HOP_S = 1;
/** Cost of a tempo change between neighbouring windows per octave² (emissions are ≤ 1). */
const JUMP_COST = 2;
/** Switch to the double tempo when the autocorrelation at half the period is this strong. */
const DOUBLE_RATIO = 0.8;

/**
 * Onset strength, high-passed (minus its 1 s moving mean), smoothed by a Gaussian (σ = 1
 * frame), divided by its standard deviation. All zeros when there is no onset at all.
 */
export function onsetEnvelope(flux: Float32Array, rate: number): Float32Array {
  const n = flux.length;
  const out = new Float32Array(n);
  if (n === 0) return out;
  const half = Math.max(1, Math.round(rate / 2));
  // moving mean by a running sum
  let sum = 0;
  let lo = 0, hi = -1;
  const hp = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half), b = Math.min(n - 1, i + half);
    while (hi < b) sum += flux[++hi];
    while (lo < a) sum -= flux[lo++];
    hp[i] = flux[i] - sum / (b - a + 1);
  }
  const g = [0.0545, 0.2442, 0.4026, 0.2442, 0.0545]; // σ = 1 frame
  let ss = 0;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let d = -2; d <= 2; d++) {
      const j = i + d;
      if (j >= 0 && j < n) acc += g[d + 2] * hp[j];
    }
    out[i] = acc;
    ss += acc * acc;
  }
  const sd = Math.sqrt(ss / n);
  if (!(sd > 1e-9)) return out.fill(0);
  for (let i = 0; i < n; i++) out[i] /= sd;
  return out;
}

export interface TempoTrack {
  /** Beat period in onset frames at every onset frame (fractional). */
  readonly period: Float32Array;
  /** Median tempo in BPM. */
  readonly bpm: number;
}

function autocorrelation(env: Float32Array, start: number, end: number, minLag: number, maxLag: number): Float64Array {
  const ac = new Float64Array(maxLag + 2);
  for (let lag = minLag - 1; lag <= maxLag + 1; lag++) {
    let s = 0;
    for (let i = start + lag; i < end; i++) s += env[i] * env[i - lag];
    ac[lag] = s;
  }
  return ac;
}

/** Value at a fractional lag (linear), used to test the half period. */
function acAt(ac: Float64Array, lag: number): number {
  const i = Math.floor(lag);
  return ac[i] + (ac[i + 1] - ac[i]) * (lag - i);
}

export function trackTempo(env: Float32Array, rate: number): TempoTrack {
  const n = env.length;
  const minLag = Math.max(2, Math.floor((60 * rate) / MAX_BPM));
  const maxLag = Math.ceil((60 * rate) / MIN_BPM);
  const win = Math.min(n, Math.round(WINDOW_S * rate));
  const hop = Math.round(WINDOW_HOP_S * rate);
  const starts: number[] = [];
  for (let s = 0; s + win < n; s += hop) starts.push(s);
  if (starts.length === 0 || starts[starts.length - 1] + win < n) starts.push(Math.max(0, n - win));

  const lags = maxLag - minLag + 1;
  const prior = new Float64Array(lags);
  for (let j = 0; j < lags; j++) {
    const bpm = (60 * rate) / (minLag + j);
    const o = Math.log2(bpm / PRIOR_BPM) / PRIOR_OCTAVES;
    prior[j] = Math.exp(-0.5 * o * o);
  }
  const acs: Float64Array[] = [];
  const emit: Float64Array[] = [];
  for (const s of starts) {
    const ac = autocorrelation(env, s, Math.min(n, s + win), minLag, maxLag);
    acs.push(ac);
    const e = new Float64Array(lags);
    let top = 0;
    for (let j = 0; j < lags; j++) { e[j] = prior[j] * ac[minLag + j]; top = Math.max(top, e[j]); }
    if (top > 0) for (let j = 0; j < lags; j++) e[j] /= top;
    emit.push(e);
  }
  // Viterbi over windows; the jump cost between lags is a fixed table
  const jump = new Float64Array(lags * lags);
  for (let a = 0; a < lags; a++) for (let b = 0; b < lags; b++) {
    const o = Math.log2((minLag + a) / (minLag + b));
    jump[a * lags + b] = JUMP_COST * o * o;
  }
  const W = emit.length;
  let score = Float64Array.from(emit[0]);
  const back = new Int32Array(W * lags);
  for (let w = 1; w < W; w++) {
    const next = new Float64Array(lags);
    for (let b = 0; b < lags; b++) {
      let best = -Infinity, arg = 0;
      for (let a = 0; a < lags; a++) {
        const v = score[a] - jump[a * lags + b];
        if (v > best) { best = v; arg = a; }
      }
      next[b] = best + emit[w][b];
      back[w * lags + b] = arg;
    }
    score = next;
  }
  const path = new Int32Array(W);
  let last = 0;
  for (let j = 1; j < lags; j++) if (score[j] > score[last]) last = j;
  path[W - 1] = last;
  for (let w = W - 1; w > 0; w--) path[w - 1] = back[w * lags + path[w]];

  // refine each window's lag by a parabola through the autocorrelation around it
  const lagOf = new Float64Array(W);
  const ratios: number[] = [];
  for (let w = 0; w < W; w++) {
    const l = minLag + path[w];
    const ac = acs[w];
    const a = ac[l - 1], b = ac[l], c = ac[l + 1];
    const den = a - 2 * b + c;
    lagOf[w] = den < 0 ? l + Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : l;
    if (b > 0 && lagOf[w] / 2 >= minLag - 1) ratios.push(acAt(ac, lagOf[w] / 2) / b);
  }
  // a pulse as strong at half the period is the beat (a plain click track at 180 BPM, not 90)
  ratios.sort((x, y) => x - y);
  const medianRatio = ratios.length ? ratios[ratios.length >> 1] : 0;
  const fastest = Math.min(...lagOf);
  if (medianRatio >= DOUBLE_RATIO && (60 * rate) / (fastest / 2) <= MAX_BPM) for (let w = 0; w < W; w++) lagOf[w] /= 2;

  // period at every onset frame: linear between window centres
  const period = new Float32Array(n);
  const centres = starts.map((s) => s + Math.min(win, n) / 2);
  for (let i = 0, w = 0; i < n; i++) {
    while (w + 1 < W && centres[w + 1] <= i) w++;
    if (w + 1 >= W || i < centres[0]) period[i] = lagOf[i < centres[0] ? 0 : W - 1];
    else {
      const f = (i - centres[w]) / (centres[w + 1] - centres[w]);
      period[i] = lagOf[w] + (lagOf[w + 1] - lagOf[w]) * f;
    }
  }
  const sorted = Array.from(lagOf).sort((x, y) => x - y);
  const bpm = (60 * rate) / sorted[sorted.length >> 1];
  return { period, bpm };
}
