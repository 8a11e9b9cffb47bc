/**
 * Fundamental frequency of one sustained note (docs/controls.md, "Codec round-trip metrics"):
 * how the codec tests tell whether a note comes back at its pitch. Not a tracker: one number for
 * the whole note, read from one long spectrum of its steady part, so the estimate is precise to a
 * cent on a clean tone and the only failure that matters is an octave (or fifth) error.
 *
 * Subharmonic summation (Hermes 1988) over spectral peaks: candidate f scores
 * Σ_h 0.84^(h−1) · a(h·f), a = the magnitude of the peak nearest h·f (within half a semitone,
 * weighted down with distance). The decaying weight makes f/2 always score below f (it collects
 * f's partials only at even h, with smaller weights), while a missing or weak fundamental still
 * loses to the ladder of partials above it.
 */
import { RealFft, hann } from '../dsp/fft.ts';

/** A note came back at its pitch when within ±50 cents: nearer its own semitone than any other. */
export const NOTE_TOLERANCE_CENTS = 50;
export const F0_MIN_HZ = 30;
export const F0_MAX_HZ = 4000;
/** Hermes' weight per harmonic number. */
const HARMONIC_DECAY = 0.84;
const MAX_HARMONIC = 16;
/** A peak counts as harmonic h of f within half a semitone (log2 distance 1/24). */
const TOLERANCE_OCT = 1 / 24;
/** Peaks more than 50 dB below the strongest are noise, reverb or window leakage. */
const PEAK_FLOOR = 1e-5;
/** The steady part: blocks within 20 dB of the loudest, minus the first 60 ms (the attack). */
const SUSTAIN_DB = 20;
const ATTACK_S = 0.06;
const BLOCK_S = 0.01;
const MAX_SEGMENT_S = 1.5;
/** Below this level (dBFS) there is no note to measure. */
const SILENT_DB = -80;

interface Peak { readonly hz: number; readonly amp: number }

/** Cents from f1 to f2: 1200·log2(f2 / f1); positive when f2 is higher. */
export function centsBetween(f1: number, f2: number): number {
  return 1200 * Math.log2(f2 / f1);
}

/** The steady part of the note as [start, end) sample indices, or null for silence. */
function sustainedSegment(x: Float32Array, sampleRate: number): [number, number] | null {
  const block = Math.max(1, Math.round(BLOCK_S * sampleRate));
  const n = Math.floor(x.length / block);
  const db = new Float64Array(n);
  let loudest = -Infinity;
  for (let b = 0; b < n; b++) {
    let s = 0;
    for (let i = b * block; i < (b + 1) * block; i++) s += x[i] * x[i];
    db[b] = 10 * Math.log10(s / block + 1e-20);
    loudest = Math.max(loudest, db[b]);
  }
  if (!(loudest > SILENT_DB)) return null;
  let first = 0, last = n - 1;
  while (db[first] < loudest - SUSTAIN_DB) first++;
  while (db[last] < loudest - SUSTAIN_DB) last--;
  const span = last + 1 - first;
  // skip the attack, but never more than a quarter of a short note
  const start = first + Math.min(Math.round(ATTACK_S / BLOCK_S), Math.floor(span / 4));
  const end = Math.min(last + 1, start + Math.round(MAX_SEGMENT_S / BLOCK_S));
  return [start * block, end * block];
}

/** Peaks of one Hann-windowed, 4× zero-padded spectrum of the segment, strongest first. */
function spectralPeaks(seg: Float32Array, sampleRate: number): Peak[] {
  const size = 2 ** Math.ceil(Math.log2(4 * seg.length));
  const w = hann(seg.length);
  const frame = new Float32Array(size);
  for (let i = 0; i < seg.length; i++) frame[i] = seg[i] * w[i];
  const p = new Float64Array(size / 2 + 1);
  new RealFft(size).power(frame, p);
  const binHz = sampleRate / size;
  // a partial must be the largest bin within ±4 unpadded bins: this drops the window's
  // side lobes (−31 dB at 2.5 bins, −41 dB at 3.5) that would otherwise read as peaks
  const reach = Math.ceil((4 * size) / seg.length);
  const kMin = Math.max(reach, Math.floor((F0_MIN_HZ * 0.9) / binHz));
  const kMax = Math.min(size / 2 - reach, Math.floor((0.95 * sampleRate) / 2 / binHz));
  let top = 0;
  for (let k = kMin; k <= kMax; k++) top = Math.max(top, p[k]);
  const peaks: Peak[] = [];
  for (let k = kMin; k <= kMax; k++) {
    if (p[k] < top * PEAK_FLOOR || p[k] <= p[k - 1] || p[k] < p[k + 1]) continue;
    let isMax = true;
    for (let j = k - reach; j <= k + reach && isMax; j++) if (p[j] > p[k]) isMax = false;
    if (!isMax) continue;
    // parabola through the log power: the partial's frequency and level between bins
    const a = Math.log(p[k - 1] + 1e-30), b = Math.log(p[k]), c = Math.log(p[k + 1] + 1e-30);
    const den = a - 2 * b + c;
    const d = den < 0 ? (0.5 * (a - c)) / den : 0;
    peaks.push({ hz: (k + d) * binHz, amp: Math.exp(0.5 * (b - 0.25 * (a - c) * d)) });
  }
  return peaks.sort((x, y) => y.amp - x.amp).slice(0, 40);
}

/** The peak that best stands for harmonic h of f, with its weight; null if none is near. */
function match(peaks: readonly Peak[], target: number): { peak: Peak; weight: number } | null {
  let best: { peak: Peak; weight: number } | null = null;
  for (const peak of peaks) {
    const d = Math.abs(Math.log2(peak.hz / target)) / TOLERANCE_OCT;
    if (d >= 1) continue;
    const weight = peak.amp * (1 - d * d);
    if (!best || weight > best.weight) best = { peak, weight };
  }
  return best;
}

function harmonicSum(peaks: readonly Peak[], f: number, nyquist: number): number {
  let s = 0, g = 1;
  for (let h = 1; h <= MAX_HARMONIC && h * f < nyquist; h++, g *= HARMONIC_DECAY) s += g * (match(peaks, h * f)?.weight ?? 0);
  return s;
}

/**
 * f0 (Hz) of a single sustained note, searched over F0_MIN_HZ..F0_MAX_HZ; 0 when the signal is
 * silent or has no spectral peak. The winner is refined as the weighted mean of partial/h over
 * its first eight harmonics, so piano stretch in the upper partials does not pull it sharp.
 */
export function estimateF0(x: Float32Array, sampleRate: number): number {
  const seg = sustainedSegment(x, sampleRate);
  if (!seg) return 0;
  const peaks = spectralPeaks(x.subarray(seg[0], seg[1]), sampleRate);
  if (peaks.length === 0) return 0;
  const nyquist = sampleRate / 2;
  let best = 0, bestScore = 0;
  // candidates: each strong peak as harmonic 1..8 of the note
  for (const peak of peaks.slice(0, 10)) {
    for (let n = 1; n <= 8; n++) {
      const f = peak.hz / n;
      if (f < F0_MIN_HZ || f > F0_MAX_HZ) continue;
      const s = harmonicSum(peaks, f, nyquist);
      if (s > bestScore) { bestScore = s; best = f; }
    }
  }
  if (!best) return 0;
  let num = 0, den = 0, g = 1;
  for (let h = 1; h <= 8 && h * best < nyquist; h++, g *= HARMONIC_DECAY) {
    const m = match(peaks, h * best);
    if (!m) continue;
    num += g * m.weight * (m.peak.hz / h);
    den += g * m.weight;
  }
  return den > 0 ? num / den : best;
}
