/**
 * The waveform row: min/max pairs of the clip's own sound, a fixed number of pairs per second,
 * channels mixed to mono. Drawing then needs no audio, only these pairs (a 10-minute clip at
 * 200 pairs/s is 240 000 floats, under 1 MB).
 */

/** Pairs per second: enough for the deepest zoom we draw sharply, small for long clips. */
export function peaksRate(duration: number): number {
  if (duration <= 60) return 400;
  if (duration <= 600) return 100;
  return 25;
}

/** Interleaved [min0, max0, min1, max1, …] of the channel mean over bins of rate/perSec samples. */
export function computePeaks(channels: readonly Float32Array[], sampleRate: number, perSec: number): Float32Array {
  if (channels.length === 0 || sampleRate <= 0 || perSec <= 0) return new Float32Array(0);
  const n = channels[0].length;
  const bin = sampleRate / perSec;
  const bins = Math.ceil(n / bin);
  const out = new Float32Array(bins * 2);
  const k = 1 / channels.length;
  for (let j = 0; j < bins; j++) {
    const s = Math.floor(j * bin);
    const e = Math.min(n, Math.floor((j + 1) * bin));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = s; i < e; i++) {
      let x = 0;
      for (const c of channels) x += c[i];
      x *= k;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    out[2 * j] = lo === Infinity ? 0 : lo;
    out[2 * j + 1] = hi === -Infinity ? 0 : hi;
  }
  return out;
}

/** Largest |sample| in the peaks; below -60 dBFS the clip counts as silent ("no sound"). */
export function peakLevel(peaks: Float32Array): number {
  let m = 0;
  for (let i = 0; i < peaks.length; i++) m = Math.max(m, Math.abs(peaks[i]));
  return m;
}

export const SILENCE = 0.001;

/**
 * The min/max over [t0, t1) seconds, for one pixel column at any zoom level. Returns null where
 * the peaks do not reach (past the end of the sound).
 */
export function peakSpan(peaks: Float32Array, perSec: number, t0: number, t1: number): [number, number] | null {
  const bins = peaks.length / 2;
  const a = Math.max(0, Math.floor(t0 * perSec));
  const b = Math.min(bins, Math.max(a + 1, Math.ceil(t1 * perSec)));
  if (a >= bins) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = a; j < b; j++) {
    lo = Math.min(lo, peaks[2 * j]);
    hi = Math.max(hi, peaks[2 * j + 1]);
  }
  return [lo, hi];
}
