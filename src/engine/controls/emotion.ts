/**
 * Valence and arousal from documented musical cues (docs/controls.md, "Emotion"). The paper
 * uses a trained dynamic emotion recogniser; none can be had here, so this is a transparent
 * estimator built on well-known correlates (Gabrielsson & Lindström 2010; Eerola et al. 2013):
 *   valence ← mode (major vs minor key clarity), tempo, brightness
 *   arousal ← loudness, tempo, onset density, brightness
 * Each cue is averaged over a few seconds, mapped to a z-like scale by fixed constants (not by
 * per-track statistics, so a calm track stays calm), weighted, summed and squashed by tanh
 * into [-1, 1].
 */
import type { AudioFeatures } from './features.ts';
import { INTENSITY_REFERENCE_DB, MELODY_GATE_DB } from './levels.ts';
import { type ControlTrack, emptyTrack } from './types.ts';
import { movingMean } from './window.ts';

/** Krumhansl–Kessler key profiles, C = 0. */
const MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

export const EMOTION = {
  keyWindowS: 6,
  cueWindowS: 3,
  valence: { mode: 3, tempo: 0.3, brightness: 0.3 },
  arousal: { loudness: 0.5, tempo: 0.4, density: 0.3, brightness: 0.3 },
  /** cue → scale: (value − centre) / spread, clamped to ±limit */
  /** without a beat: calm for arousal (−1), neutral for valence (0) */
  tempo: { centre: 110, spread: 30, limit: 2, noneArousal: -1, noneValence: 0 },
  /** centred on the mix reference: music at the usual level is neither calm nor excited by loudness */
  loudness: { centre: INTENSITY_REFERENCE_DB, spread: 8, limit: 3 },
  density: { centre: 2, spread: 2, limit: 2 },
  brightness: { centreHz: 1500, limit: 2 },
  /** an onset counts for density when the envelope peaks above this many SDs, ≥ 50 ms apart */
  onsetPeak: 1,
} as const;

const clamp = (v: number, l: number) => (v < -l ? -l : v > l ? l : v);

function centred(v: number[]): number[] {
  const m = v.reduce((a, b) => a + b, 0) / 12;
  return v.map((x) => x - m);
}
const MAJOR_C = centred(MAJOR);
const MINOR_C = centred(MINOR);
const norm = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));

/** Best major minus best minor key correlation of a 12-bin chroma, in [-2, 2] (typically ±0.3). */
export function modeScore(chroma: ArrayLike<number>): number {
  const c = centred(Array.from(chroma));
  const nc = norm(c);
  if (nc < 1e-12) return 0;
  let bestMaj = -1, bestMin = -1;
  const nM = norm(MAJOR_C), nm = norm(MINOR_C);
  for (let k = 0; k < 12; k++) {
    let a = 0, b = 0;
    for (let i = 0; i < 12; i++) {
      const x = c[(i + k) % 12];
      a += x * MAJOR_C[i];
      b += x * MINOR_C[i];
    }
    bestMaj = Math.max(bestMaj, a / (nc * nM));
    bestMin = Math.max(bestMin, b / (nc * nm));
  }
  return bestMaj - bestMin;
}

/** The tempo cue of a beat interval (s): (BPM − centre) / spread, clamped. */
export function tempoCue(interval: number): number {
  const E = EMOTION.tempo;
  // BPM rounded to single precision as it always was, so extracted labels do not move
  return clamp((Math.fround(60 / Math.max(1e-3, interval)) - E.centre) / E.spread, E.limit);
}

/** A frame's brightness before averaging: log2 of its centroid over the centre; 0 for a silent frame (centroid 0). */
export function logBrightness(centroidHz: number): number {
  return centroidHz > 0 ? Math.log2(centroidHz / EMOTION.brightness.centreHz) : 0;
}

/**
 * The cues each frame's valence and arousal are made of, on their z-like scales (clamped) before
 * weighting: what the adherence diagnostics read to say *why* a take's mood is heard as it is.
 */
export interface EmotionCues {
  readonly frames: number;
  /** best major minus best minor key correlation over the key window */
  readonly mode: Float32Array;
  /** (BPM − centre) / spread, clamped; NaN where no beat is found around the frame */
  readonly tempo: Float64Array;
  readonly loudness: Float64Array;
  readonly density: Float64Array;
  readonly brightness: Float64Array;
}

/**
 * @param beats beat times (s) from the rhythm extraction; tempo is read from their intervals.
 * @param env normalised onset envelope at f.onsetRate.
 */
export function emotionCues(f: AudioFeatures, beats: readonly number[], env: Float32Array): EmotionCues {
  const T = f.frames;
  const fps = f.rate.frameRate;
  const E = EMOTION;
  const cues = { frames: T, mode: new Float32Array(T), tempo: new Float64Array(T).fill(NaN), loudness: new Float64Array(T),
    density: new Float64Array(T), brightness: new Float64Array(T) };
  if (T === 0) return cues;
  const voiced = new Float32Array(T);
  for (let t = 0; t < T; t++) voiced[t] = f.levelDb[t] >= MELODY_GATE_DB ? 1 : 0;

  // mode: chroma normalised per frame, summed over the key window, then correlated
  const kh = Math.round((EMOTION.keyWindowS * fps) / 2);
  const prefix = new Float64Array((T + 1) * 12);
  for (let t = 0; t < T; t++) {
    let s = 0;
    for (let c = 0; c < 12; c++) s += f.chroma[t * 12 + c];
    for (let c = 0; c < 12; c++) prefix[(t + 1) * 12 + c] = prefix[t * 12 + c] + (s > 0 ? f.chroma[t * 12 + c] / s : 0);
  }
  const mode = cues.mode;
  const step = Math.max(1, Math.round(fps / 4)); // key changes slowly: evaluate 4× per second, hold between
  const window = new Float64Array(12);
  for (let t = 0; t < T; t += step) {
    const a = Math.max(0, t - kh), b = Math.min(T, t + kh + 1);
    for (let c = 0; c < 12; c++) window[c] = prefix[b * 12 + c] - prefix[a * 12 + c];
    mode.fill(modeScore(window), t, Math.min(T, t + step));
  }

  // tempo per frame from the surrounding beat interval
  if (beats.length >= 2) {
    for (let t = 0, i = 0; t < T; t++) {
      const time = t / fps;
      while (i + 2 < beats.length && beats[i + 1] <= time) i++;
      cues.tempo[t] = tempoCue(beats[i + 1] - beats[i]);
    }
  }

  // onset density: envelope peaks per second
  const onsets = new Float32Array(T);
  const minGap = Math.round(0.05 * f.onsetRate);
  let lastPeak = -Infinity;
  for (let i = 1; i + 1 < env.length; i++) {
    if (env[i] > EMOTION.onsetPeak && env[i] >= env[i - 1] && env[i] > env[i + 1] && i - lastPeak >= minGap) {
      lastPeak = i;
      const t = Math.min(T - 1, Math.round((i / f.onsetRate) * fps));
      onsets[t] += fps; // a mean over frames of (count × fps) is onsets per second
    }
  }
  const ch = Math.round((EMOTION.cueWindowS * fps) / 2);
  const density = movingMean(onsets, ch);
  const loud = movingMean(f.levelDb, ch);
  const logCentroid = new Float32Array(T);
  for (let t = 0; t < T; t++) logCentroid[t] = logBrightness(f.centroid[t]);
  const bright = movingMean(logCentroid, ch, voiced);
  for (let t = 0; t < T; t++) {
    cues.loudness[t] = clamp((loud[t] - E.loudness.centre) / E.loudness.spread, E.loudness.limit);
    cues.density[t] = clamp((density[t] - E.density.centre) / E.density.spread, E.density.limit);
    cues.brightness[t] = clamp(bright[t], E.brightness.limit);
  }
  return cues;
}

/** Each cue's weighted term in valence and in arousal at frame t (before tanh); their sums are what tanh squashes. */
export function emotionTerms(c: EmotionCues, t: number) {
  const E = EMOTION;
  const beat = Number.isFinite(c.tempo[t]);
  return {
    valence: { mode: E.valence.mode * c.mode[t], tempo: E.valence.tempo * (beat ? c.tempo[t] : E.tempo.noneValence), brightness: E.valence.brightness * c.brightness[t] },
    arousal: { loudness: E.arousal.loudness * c.loudness[t], tempo: E.arousal.tempo * (beat ? c.tempo[t] : E.tempo.noneArousal),
      density: E.arousal.density * c.density[t], brightness: E.arousal.brightness * c.brightness[t] },
  };
}

/**
 * @param beats beat times (s) from the rhythm extraction; tempo is read from their intervals.
 * @param env normalised onset envelope at f.onsetRate.
 */
export function extractEmotion(f: AudioFeatures, beats: readonly number[], env: Float32Array): ControlTrack {
  const T = f.frames;
  const track = emptyTrack(T, 2);
  if (T === 0) return track;
  const cues = emotionCues(f, beats, env);
  for (let t = 0; t < T; t++) {
    const { valence: v, arousal: a } = emotionTerms(cues, t);
    track.values[t * 2] = Math.tanh(v.mode + v.tempo + v.brightness);
    track.values[t * 2 + 1] = Math.tanh(a.loudness + a.tempo + a.density + a.brightness);
  }
  track.mask.fill(1);
  return track;
}
