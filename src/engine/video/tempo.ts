/**
 * A tempo suggested by the picture. Two kinds of evidence, as in Diff-V2M (an onset function
 * from the video) and VidMusician (scene cuts as rhythm):
 *  - cut rhythm: how well the cuts sit on a beat grid of the candidate period (phase-locking
 *    value of the cut times folded by the period; editors cut on the beat or on the bar);
 *  - motion periodicity: autocorrelation of motion energy at one or two beat periods (a dancer's
 *    steps, a swinging object).
 * Both are weighted by a tempo prior centred on 110 BPM (half an octave wide), the usual remedy for
 * octave ambiguity in beat tracking: cuts every two seconds fit 60, 90, 120 and 150 BPM equally.
 * With no usable evidence, the tempo follows the pace of the picture (slow picture, slow cue).
 */
import { periodicity } from './periodicity.ts';
import { ANALYSIS_FPS } from './spec.ts';

export type TempoSource = 'cuts' | 'motion' | 'cuts+motion' | 'pace';

export interface TempoSuggestion {
  readonly bpm: number;
  readonly source: TempoSource;
  /** 0..1: how much the evidence favours this tempo over an arbitrary one. */
  readonly confidence: number;
}

export const MIN_BPM = 60;
export const MAX_BPM = 180;
const PRIOR_CENTRE = 110;
const PRIOR_OCTAVES = 0.5;
/** Fewer cuts than this fit almost any grid. */
const MIN_CUTS = 4;
const MIN_MOTION_PERIODICITY = 0.25;
/**
 * The autocorrelation of n noise samples spreads about 1/√n, and the best of the ~17 lags tried
 * sits near 3/√n: on a 6 s clip (60 frames) that is 0.39, so a fixed 0.25 let noise decide.
 */
const NOISE_PEAK = 3;

const prior = (bpm: number): number => Math.exp(-0.5 * (Math.log2(bpm / PRIOR_CENTRE) / PRIOR_OCTAVES) ** 2);

/** 0..1: 1 when every cut time is a whole number of periods from the others. */
export function cutLocking(cuts: readonly number[], period: number): number {
  let re = 0, im = 0;
  for (const c of cuts) {
    re += Math.cos((2 * Math.PI * c) / period);
    im += Math.sin((2 * Math.PI * c) / period);
  }
  return cuts.length ? Math.hypot(re, im) / cuts.length : 0;
}

function acfAt(motion: Float32Array, lagFrames: number): number {
  const n = motion.length;
  const l0 = Math.floor(lagFrames), f = lagFrames - l0;
  if (l0 + 1 >= n - 4) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += motion[i];
  mean /= n;
  let energy = 0;
  for (let i = 0; i < n; i++) energy += (motion[i] - mean) ** 2;
  if (energy / n < 1e-8) return 0;
  const r = (l: number): number => {
    let s = 0;
    for (let i = 0; i + l < n; i++) s += (motion[i] - mean) * (motion[i + l] - mean);
    return (s / energy) * (n / (n - l));
  };
  return Math.max(0, (1 - f) * r(l0) + f * r(l0 + 1));
}

/**
 * Tempi to try. Cut times resolve a tempo finely (0.5 BPM steps). Motion alone does not: its
 * autocorrelation is sampled once per analysis frame, and between whole lags it is only
 * interpolated, so a one-frame jitter in which source frame stood for an analysis time (WebCodecs
 * decodes every frame, the <video> fallback takes what playback presents) moved the answer by
 * several BPM. Motion-only tempi are therefore the half-frame lags (150, 133.3, 120, 109.1,
 * 100, … BPM at 10 fps): the same picture gives the same tempo by either path.
 */
function candidates(useCuts: boolean): number[] {
  const out: number[] = [];
  if (useCuts) {
    for (let bpm = MIN_BPM; bpm <= MAX_BPM; bpm += 0.5) out.push(bpm);
    return out;
  }
  for (let lag = Math.ceil((2 * 60 * ANALYSIS_FPS) / MAX_BPM) / 2; (60 * ANALYSIS_FPS) / lag >= MIN_BPM; lag += 0.5) {
    out.push(Math.round((600 * ANALYSIS_FPS) / lag) / 10);
  }
  return out;
}

/**
 * Motion with each shot's mean removed. Shots move at different levels (a still shot after a busy
 * one): left in, those steps dominate the autocorrelation, which then decays slowly and any noise
 * bump on it reads as a period. A cut is cut evidence, not motion rhythm.
 */
export function shotCentred(motion: Float32Array, cutTimes: readonly number[]): Float32Array {
  const out = new Float32Array(motion.length);
  const bounds = [...cutTimes.map((t) => Math.round(t * ANALYSIS_FPS)), motion.length]
    .filter((b) => b > 0 && b <= motion.length).sort((a, b) => a - b);
  let lo = 0;
  for (const hi of bounds) {
    if (hi <= lo) continue;
    let mean = 0;
    for (let i = lo; i < hi; i++) mean += motion[i];
    mean /= hi - lo;
    for (let i = lo; i < hi; i++) out[i] = motion[i] - mean;
    lo = hi;
  }
  return out;
}

export function suggestTempo(cutTimes: readonly number[], shotMotion: Float32Array, pace: number): TempoSuggestion {
  const motion = shotCentred(shotMotion, cutTimes);
  const useCuts = cutTimes.length >= MIN_CUTS;
  // Chance level of the phase-locking value for n random times.
  const chance = useCuts ? 1 / Math.sqrt(cutTimes.length) : 1;
  const global = periodicity(motion, 3, 20);
  const useMotion = global.strength >= Math.max(MIN_MOTION_PERIODICITY, NOISE_PEAK / Math.sqrt(motion.length));
  if (!useCuts && !useMotion) {
    return { bpm: Math.round(70 + 70 * Math.min(1, Math.max(0, pace))), source: 'pace', confidence: 0 };
  }
  let best = MIN_BPM, bestScore = -1, bestCut = 0, bestMotion = 0;
  for (const bpm of candidates(useCuts)) {
    const period = 60 / bpm;
    const c = useCuts ? Math.max(0, (cutLocking(cutTimes, period) - chance) / (1 - chance)) : 0;
    const lag = period * ANALYSIS_FPS;
    const m = useMotion ? Math.max(acfAt(motion, lag), lag * 2 < motion.length / 2 ? acfAt(motion, lag * 2) : 0) : 0;
    const score = prior(bpm) * (c + m);
    if (score > bestScore + 1e-9) {
      best = bpm; bestScore = score; bestCut = c; bestMotion = m;
    }
  }
  const source: TempoSource = bestCut > 0.2 && bestMotion > 0.2 ? 'cuts+motion' : bestCut >= bestMotion ? 'cuts' : 'motion';
  return { bpm: best, source, confidence: Math.min(1, Math.max(bestCut, bestMotion)) };
}
