/**
 * Curves proposed from the picture, as project lane values the person accepts lane by lane.
 * Deterministic rules, each with its reason (docs/video.md has the full argument):
 *  - rhythm: the suggested tempo (tempo.ts); the grid's phase and meter put downbeats on as many
 *    cuts as possible, and every cut then gets a beat exactly on it — the nearest grid beat moved
 *    onto it when within 30 % of a beat, an added accent otherwise ("catching the cut");
 *  - intensity: motion and cut density (a busier picture gets a louder, denser score);
 *  - valence: brightness, saturation and warmth (Valdez & Mehrabian 1994: pleasure ≈ 0.69·brightness
 *    + 0.22·saturation; warm hues read as positive);
 *  - arousal: motion and cut density, plus the colour term of Valdez & Mehrabian
 *    (arousal ≈ 0.60·saturation − 0.31·brightness).
 */
import { clamp } from '../curves/curve.ts';
import type { CurveLane, CurvePoint, MovedBeat, RhythmLane } from '../project/types.ts';
import type { VideoAnalysis } from './analyzer.ts';
import type { Cut } from './cuts.ts';
import { ANALYSIS_FPS } from './spec.ts';
import { suggestTempo, type TempoSuggestion } from './tempo.ts';

export interface VideoProposals {
  readonly cuts: readonly Cut[];
  readonly tempo: TempoSuggestion;
  readonly rhythm: RhythmLane;
  readonly intensity: CurveLane;
  readonly valence: CurveLane;
  readonly arousal: CurveLane;
}

/** Motion energy that counts as a busy picture (hand-held running, fast action). */
export const BUSY_MOTION = 0.08;
/** Cuts per second that count as a fast montage. */
export const FAST_CUT_RATE = 1;
const CUT_WINDOW_S = 5;
const SMOOTH_S = 2;
/** Curves get a point per second, then points a straight line already explains are dropped. */
const POINT_STEP_S = 1;

/** Centred moving average over `seconds`. */
function smooth(x: ArrayLike<number>, seconds: number): Float64Array {
  const half = Math.max(0, Math.round((seconds * ANALYSIS_FPS) / 2));
  const prefix = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) prefix[i + 1] = prefix[i] + x[i];
  return Float64Array.from({ length: x.length }, (_, i) => {
    const lo = Math.max(0, i - half), hi = Math.min(x.length, i + half + 1);
    return (prefix[hi] - prefix[lo]) / (hi - lo);
  });
}

function cutDensity(cuts: readonly Cut[], n: number): Float64Array {
  const impulses = new Float64Array(n);
  for (const c of cuts) if (c.frame < n) impulses[c.frame] += 1;
  // Average impulses per frame over the window, in cuts per second.
  return smooth(impulses, CUT_WINDOW_S).map((v) => v * ANALYSIS_FPS);
}

/** Points every POINT_STEP_S, then greedy removal of points within `tol` of the line through their neighbours. */
export function toCurve(values: ArrayLike<number>, tol: number, digits = 2): CurvePoint[] {
  const n = values.length;
  if (n === 0) return [];
  const step = Math.round(POINT_STEP_S * ANALYSIS_FPS);
  const idx: number[] = [];
  for (let i = 0; i < n; i += step) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  const round = (v: number): number => Number(v.toFixed(digits));
  let pts = idx.map((i) => ({ t: round(i / ANALYSIS_FPS), v: round(values[i]) }));
  pts = pts.filter((p, k) => k === 0 || p.t > pts[k - 1].t);
  let changed = true;
  while (changed && pts.length > 2) {
    changed = false;
    for (let k = 1; k < pts.length - 1; k++) {
      const a = pts[k - 1], b = pts[k], c = pts[k + 1];
      const lin = a.v + ((c.v - a.v) * (b.t - a.t)) / (c.t - a.t);
      if (Math.abs(lin - b.v) <= tol) {
        pts.splice(k, 1);
        changed = true;
        break;
      }
    }
  }
  return pts;
}

const curveLane = (points: CurvePoint[]): CurveLane => ({ kind: 'curve', points, free: [] });

/** Picks the meter and the downbeat so that downbeats catch the most cut strength. */
function placeGrid(cuts: readonly Cut[], period: number): { beatsPerBar: number; phase: number } {
  let best = { beatsPerBar: 4, phase: 0, score: -1 };
  if (cuts.length === 0) return { beatsPerBar: 4, phase: 0 };
  // Beat phase: the grid through one of the cuts that puts most cut strength near a beat
  // (Gaussian, σ = 60 ms). Candidates are the cuts themselves, so the grid passes exactly through one.
  let beatPhase = 0, beatScore = -1;
  for (const cand of cuts) {
    const ph = cand.t - Math.floor(cand.t / period) * period;
    let s = 0;
    for (const c of cuts) {
      const d = c.t - ph - Math.round((c.t - ph) / period) * period;
      s += c.strength * Math.exp(-0.5 * (d / 0.06) ** 2);
    }
    if (s > beatScore + 1e-9) { beatScore = s; beatPhase = ph; }
  }
  for (const beatsPerBar of [4, 3]) {
    for (let shift = 0; shift < beatsPerBar; shift++) {
      const phase = beatPhase + shift * period;
      const bar = beatsPerBar * period;
      let s = 0;
      for (const c of cuts) {
        const d = c.t - phase - Math.round((c.t - phase) / bar) * bar;
        s += c.strength * Math.exp(-0.5 * (d / (0.3 * period)) ** 2);
      }
      // Three-four has to explain clearly more cuts to win over the default four-four.
      const score = beatsPerBar === 3 ? s / 1.25 : s;
      if (score > best.score + 1e-9) best = { beatsPerBar, phase: phase % bar, score };
    }
  }
  return { beatsPerBar: best.beatsPerBar, phase: Number(best.phase.toFixed(3)) };
}

export function proposeRhythm(cuts: readonly Cut[], duration: number, tempo: TempoSuggestion): RhythmLane {
  const period = 60 / tempo.bpm;
  const { beatsPerBar, phase } = placeGrid(cuts, period);
  const moved: MovedBeat[] = [];
  const added: number[] = [];
  const taken = new Set<number>();
  for (const c of cuts) {
    const i = Math.round((c.t - phase) / period);
    const off = c.t - (phase + i * period);
    if (i >= 0 && Math.abs(off) <= 0.3 * period && !taken.has(i)) {
      taken.add(i);
      if (Math.abs(off) > 0.02) moved.push({ index: i, t: c.t });
    } else {
      added.push(c.t);
    }
  }
  return {
    kind: 'rhythm',
    tempo: [{ t: 0, v: tempo.bpm }, ...(duration > 0 ? [{ t: Number(duration.toFixed(2)), v: tempo.bpm }] : [])],
    beatsPerBar,
    phase,
    moved,
    removed: [],
    added,
    free: [],
  };
}

export function proposeCurves(analysis: VideoAnalysis): VideoProposals {
  const { series, cuts } = analysis;
  const n = analysis.frameCount;
  const motion = Float64Array.from(series.motion, (m) => clamp(m / BUSY_MOTION, 0, 1));
  const density = cutDensity(cuts, n).map((d) => clamp(d / FAST_CUT_RATE, 0, 1));
  const activity = smooth(motion.map((m, i) => 0.65 * m + 0.35 * density[i]), SMOOTH_S);
  const y = smooth(series.brightness, SMOOTH_S);
  const s = smooth(series.saturation, SMOOTH_S);
  const w = smooth(series.warmth, SMOOTH_S);
  const pace = activity.reduce((a, v) => a + v, 0) / Math.max(1, n);
  const tempo = suggestTempo(cuts.map((c) => c.t), series.motion, pace);

  const intensity = activity.map((a) => -12 + 24 * a);
  const valence = y.map((b, i) => clamp(2.2 * (0.69 * (b - 0.45) + 0.22 * (s[i] - 0.3)) + 1.5 * w[i], -1, 1));
  const arousal = activity.map((a, i) => {
    const colour = 2.5 * (0.6 * (s[i] - 0.3) - 0.31 * (y[i] - 0.45));
    return clamp(0.7 * (2 * a - 1) + 0.3 * colour, -1, 1);
  });
  return {
    cuts,
    tempo,
    rhythm: proposeRhythm(cuts, analysis.duration, tempo),
    intensity: curveLane(toCurve(intensity, 0.75, 1)),
    valence: curveLane(toCurve(valence, 0.04)),
    arousal: curveLane(toCurve(arousal, 0.04)),
  };
}
