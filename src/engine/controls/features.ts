/**
 * One pass of spectral analysis that every extracted control reads from (docs/controls.md,
 * "Analysis"). Two STFTs, both Hann-windowed with frames centred on their hop grid:
 *  - onset STFT: 1024-point (32 ms at 32 kHz), hop = half a control frame (100 Hz at 50 Hz):
 *    spectral flux of log band energies → onset strength, for beats and onset density;
 *  - control STFT: 4096-point (128 ms), hop = one control frame (640 samples at 50 Hz):
 *    frame energy (intensity, paper: "frame-wise energy from a linear spectrogram"),
 *    peak chroma (melody, key/mode, chords), bass chroma (chords) and spectral centroid (brightness).
 * FFT sizes scale with the sample rate so the same durations hold at any rate.
 */
import { forEachPowerFrame } from '../dsp/stft.ts';
import { hann } from '../dsp/fft.ts';
import { SILENCE_DB } from './levels.ts';
import type { ControlRate } from './types.ts';

export interface AudioFeatures {
  readonly rate: ControlRate;
  readonly frames: number;
  /** Onset frames per second (2 × frameRate). */
  readonly onsetRate: number;
  /** Spectral flux of log band energies, all bands / bands below 200 Hz, at onsetRate. */
  readonly onset: Float32Array;
  readonly lowOnset: Float32Array;
  /** Frame level in dBFS (mean square of the windowed frame, via Parseval), ≥ SILENCE_DB. */
  readonly levelDb: Float32Array;
  /** T × 12 peak chroma (power per pitch class, C = 0). */
  readonly chroma: Float32Array;
  /** T × 12 the same over the bass range (BASS_MIN_HZ .. CHROMA_MIN_HZ): the chord's root, mostly. */
  readonly bassChroma: Float32Array;
  /** Power-weighted mean frequency (Hz); 0 for silent frames. */
  readonly centroid: Float32Array;
}

/** Log-spaced bands for the onset flux: ~6 per octave from 40 Hz up to Nyquist. */
const BAND_LOW_HZ = 40;
const BANDS_PER_OCTAVE = 6;
const LOW_BAND_HZ = 200;
/** Compression of band power before the flux: log(1 + C·p). C sets how soft a sound still counts. */
const FLUX_COMPRESSION = 1e5;
/** Chroma reads spectral peaks between these frequencies (C3 .. C7). */
export const CHROMA_MIN_HZ = 130.8;
export const CHROMA_MAX_HZ = 2093;
/** Bass chroma reads the octave and a half below the chroma range (G1 .. C3). */
export const BASS_MIN_HZ = 49;
/** Peaks more than 60 dB below the frame's strongest bin are ignored. */
const PEAK_FLOOR = 1e-6;

function pow2ceil(x: number): number {
  return 2 ** Math.round(Math.log2(x));
}

export function analyse(x: Float32Array, rate: ControlRate): AudioFeatures {
  const sr = rate.sampleRate;
  const hop = Math.round(sr / rate.frameRate);
  const frames = Math.ceil(x.length / hop);
  const onsetHop = Math.max(1, Math.round(hop / 2));
  const onsetRate = sr / onsetHop;
  const onsetFrames = Math.ceil(x.length / onsetHop);

  // --- onset STFT
  const nOnset = pow2ceil(sr * 0.032);
  const bins = nOnset / 2 + 1;
  const bandOf = new Int16Array(bins).fill(-1);
  let nBands = 0;
  let lowBands = 0;
  {
    let edge = BAND_LOW_HZ;
    let k = Math.ceil((edge * nOnset) / sr);
    while (k < bins) {
      const next = edge * 2 ** (1 / BANDS_PER_OCTAVE);
      const kEnd = Math.max(k + 1, Math.ceil((next * nOnset) / sr));
      for (let j = k; j < Math.min(kEnd, bins); j++) bandOf[j] = nBands;
      if (next <= LOW_BAND_HZ) lowBands = nBands + 1;
      nBands++;
      edge = (kEnd * sr) / nOnset;
      k = kEnd;
    }
  }
  const wOnset = hann(nOnset);
  const powerNorm = 1 / (wOnset.reduce((a, b) => a + b, 0) ** 2); // full-scale sine peak bin → 0.25
  const band = new Float64Array(nBands);
  const prevLog = new Float64Array(nBands);
  const onset = new Float32Array(onsetFrames);
  const lowOnset = new Float32Array(onsetFrames);
  forEachPowerFrame(x, { fftSize: nOnset, hop: onsetHop }, onsetFrames, (i, p) => {
    band.fill(0);
    for (let k = 0; k < bins; k++) {
      const b = bandOf[k];
      if (b >= 0) band[b] += p[k];
    }
    let flux = 0;
    let low = 0;
    for (let b = 0; b < nBands; b++) {
      const l = Math.log1p(FLUX_COMPRESSION * band[b] * powerNorm);
      const d = l - prevLog[b];
      prevLog[b] = l;
      if (i > 0 && d > 0) {
        flux += d;
        if (b < lowBands) low += d;
      }
    }
    onset[i] = flux;
    lowOnset[i] = low;
  });

  // --- control STFT
  const n = pow2ceil(sr * 0.128);
  const w = hann(n);
  let sw2 = 0;
  for (let i = 0; i < n; i++) sw2 += w[i] * w[i];
  const levelDb = new Float32Array(frames);
  const chroma = new Float32Array(frames * 12);
  const bassChroma = new Float32Array(frames * 12);
  const centroid = new Float32Array(frames);
  const binHz = sr / n;
  const kMin = Math.max(1, Math.floor(BASS_MIN_HZ / binHz));
  const kSplit = Math.max(1, Math.floor(CHROMA_MIN_HZ / binHz)); // the chroma's first bin, as before the bass range
  const kMax = Math.min(n / 2 - 1, Math.ceil(CHROMA_MAX_HZ / binHz));
  const silentMs = 10 ** (SILENCE_DB / 10);
  forEachPowerFrame(x, { fftSize: n, hop }, frames, (f, p) => {
    // Parseval: Σ_n (x·w)² = (1/N) Σ_k |X_k|², one-sided bins counted twice except DC and Nyquist
    let total = p[0] + p[n / 2];
    let moment = (n / 2) * binHz * p[n / 2];
    let peak = 0;
    for (let k = 1; k < n / 2; k++) {
      total += 2 * p[k];
      moment += 2 * k * binHz * p[k];
      if (p[k] > peak) peak = p[k];
    }
    const ms = total / (n * sw2);
    levelDb[f] = 10 * Math.log10(Math.max(ms, silentMs));
    centroid[f] = total > 0 && ms > silentMs ? moment / total : 0;
    if (ms <= silentMs) return;
    const floor = peak * PEAK_FLOOR;
    const row = f * 12;
    for (let k = kMin; k <= kMax; k++) {
      const b = p[k];
      if (b <= floor || b < p[k - 1] || b <= p[k + 1]) continue;
      // parabolic interpolation on log power: the partial's frequency to a fraction of a bin
      const a = Math.log(p[k - 1] + 1e-30), c = Math.log(p[k + 1] + 1e-30), lb = Math.log(b);
      const den = a - 2 * lb + c;
      const delta = den < 0 ? (0.5 * (a - c)) / den : 0;
      const hz = (k + delta) * binHz;
      const pc = ((Math.round(12 * Math.log2(hz / 261.6256)) % 12) + 12) % 12;
      (k < kSplit ? bassChroma : chroma)[row + pc] += p[k - 1] + b + p[k + 1];
    }
  });

  return { rate, frames, onsetRate, onset, lowOnset, levelDb, chroma, bassChroma, centroid };
}

/**
 * The frame levels of `analyse` (dBFS, ≥ SILENCE_DB) for frames [first, first + count) of `x`, in the
 * time domain: by Parseval the control STFT's mean square is Σ (x·w)² / Σ w² over the same centred
 * Hann window, so no FFT is needed where only the level is (the generation loop's level search,
 * which measures short decoded candidates many times a take).
 */
export function frameLevelsDb(x: Float32Array, rate: ControlRate, first: number, count: number): Float32Array {
  const sr = rate.sampleRate, hop = Math.round(sr / rate.frameRate), n = pow2ceil(sr * 0.128), half = n / 2;
  const w = hann(n);
  let sw2 = 0;
  for (let i = 0; i < n; i++) sw2 += w[i] * w[i];
  const silentMs = 10 ** (SILENCE_DB / 10);
  const out = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    const start = (first + f) * hop - half;
    let e = 0;
    for (let j = Math.max(0, -start); j < n && start + j < x.length; j++) { const v = x[start + j] * w[j]; e += v * v; }
    out[f] = 10 * Math.log10(Math.max(e / sw2, silentMs));
  }
  return out;
}
