/**
 * "Loudness and tempo from the mood": where a person drew arousal (and valence) but left the
 * intensity and rhythm lanes empty, those lanes get curves that carry the mood the way music does —
 * louder and faster when excited, softer and slower when calm, a little faster when bright
 * (Gabrielsson & Lindström 2010: loudness and tempo are the strongest arousal cues, tempo also a
 * valence cue; the engine's estimator reads the same cues, controls/emotion.ts). The model follows
 * the intensity and rhythm lanes closely (created intensity PCC 0.92, beat F1 86 %) but writes
 * arousal from the emotion lanes only loosely (created arousal PCC 0.63), so the mood is put in the
 * form it follows. The curves land on the lanes, visible and editable, as one undo step; a lane
 * the person drew (even partly) is never touched.
 */
import { clamp, simplify } from '../curves/curve.ts';
import { subtractSpan } from '../curves/spans.ts';
import { curveAt } from '../harmony/plan-key.ts';
import type { Lanes } from '../project/lanes.ts';
import type { CurveLane, FreeSpan, RhythmLane } from '../project/types.ts';

export const MOOD_DYNAMICS = {
  /**
   * Intensity lane dB per unit of arousal: ±0.9 → about ±11 dB around the mix reference, inside
   * the created intensity curves' ±6-15 dB and the level stage's +12/−18 dB. Loudness carries
   * arousal, so tempo can carry valence too.
   */
  intensityDb: 12,
  /**
   * Tempo: BPM at a neutral mood, BPM per unit of arousal and of valence, and the range kept.
   * Chosen on the created emotion set (docs/evaluation.md "Loudness and tempo from the mood"):
   * tempo mostly from arousal read valence/arousal PCC 0.46/0.86, mostly from valence with the
   * louder intensity 0.55/0.88.
   */
  tempo: { centre: 110, arousal: 15, valence: 25, min: 66, max: 160 },
  /** Curves are sampled this often (s): the created and drawn mood curves are smooth. */
  stepS: 0.25,
  /** Tempo map points: a beat grid needs fewer than a curve. */
  tempoStepS: 0.5,
} as const;

const r3 = (v: number) => Math.round(v * 1000) / 1000 + 0;

/** Free spans shared by every lane given that is drawn: the whole clip, less where any of them speaks. */
function commonFree(lanes: readonly CurveLane[], duration: number): FreeSpan[] {
  const whole: FreeSpan[] = [{ start: 0, end: duration }];
  const speaks = (l: CurveLane) => l.free.reduce(subtractSpan, whole);
  return lanes.filter((l) => l.points.length > 0).reduce((free, l) => speaks(l).reduce(subtractSpan, free), whole);
}

function times(duration: number, step: number): number[] {
  const n = Math.max(1, Math.round(duration / step));
  return Array.from({ length: n + 1 }, (_, i) => r3((i * duration) / n));
}

/** The intensity lane from arousal; null when intensity is drawn or arousal is not. */
export function moodIntensity(lanes: Lanes, duration: number): CurveLane | null {
  const a = lanes.arousal;
  if (lanes.intensity.points.length > 0 || a.points.length === 0 || !(duration > 0)) return null;
  const points = times(duration, MOOD_DYNAMICS.stepS).map((t) => ({ t, v: r3(MOOD_DYNAMICS.intensityDb * (curveAt(a, t) ?? 0)) }));
  return { ...lanes.intensity, points: simplify(points, 0.05), free: commonFree([a], duration) };
}

/** BPM for a mood (arousal and valence each clamped to [−1, 1]). */
export function moodTempo(arousal: number, valence: number): number {
  const T = MOOD_DYNAMICS.tempo;
  return clamp(T.centre + T.arousal * clamp(arousal, -1, 1) + T.valence * clamp(valence, -1, 1), T.min, T.max);
}

/**
 * The rhythm lane's tempo map from arousal and valence; null when the rhythm lane has a tempo or
 * neither mood lane is drawn. 4/4 from 0 s; free where both mood lanes are.
 */
export function moodRhythm(lanes: Lanes, duration: number): RhythmLane | null {
  const { arousal: a, valence: v } = lanes;
  if (lanes.rhythm.tempo.length > 0 || (a.points.length === 0 && v.points.length === 0) || !(duration > 0)) return null;
  const points = times(duration, MOOD_DYNAMICS.tempoStepS).map((t) => ({ t, v: r3(moodTempo(curveAt(a, t) ?? 0, curveAt(v, t) ?? 0)) }));
  return { ...lanes.rhythm, tempo: simplify(points, 0.5), beatsPerBar: 4, phase: 0, moved: [], removed: [], added: [], free: commonFree([a, v], duration) };
}

/** Both, as lanes to send: what changed is named in `filled` ('intensity', 'rhythm'). */
export function moodDynamics(lanes: Lanes, duration: number): { lanes: Lanes; filled: ('intensity' | 'rhythm')[] } {
  const intensity = moodIntensity(lanes, duration);
  const rhythm = moodRhythm(lanes, duration);
  const filled = [...(intensity ? ['intensity' as const] : []), ...(rhythm ? ['rhythm' as const] : [])];
  if (!filled.length) return { lanes, filled };
  return { lanes: { ...lanes, ...(intensity ? { intensity } : {}), ...(rhythm ? { rhythm } : {}) }, filled };
}
