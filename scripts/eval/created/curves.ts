/**
 * The created intensity and emotion curves of the paper's App. D.3, as lane points over a clip of
 * `seconds` (the paper's clips are 10 s; quick mode uses shorter ones, the shapes scale).
 *
 * Intensity: linear, tanh or cosine, flipped vertically or not, spanning ±6/9/12/15 dB around the
 * lane's 0 dB — the mix reference every training track is normalised to (controls/levels.json),
 * which is our "mean value of all training examples" → 3 × 2 × 4 = 24 curves.
 * The paper does not give the functions' exact form, so ours, with u = t / seconds in [0, 1]:
 *   linear  2u − 1                      (a ramp up)
 *   tanh    tanh(3(2u − 1)) / tanh(3)   (an S-curve up: quiet, a quick build, loud)
 *   cosine  −cos(2πu)                   (a swell: low, peak mid-clip, low) — one full period, so it
 *                                        is the set's one non-monotone shape
 * flipped = −shape (down, down, a dip), scaled by the range R: v = R · shape(u).
 *
 * Emotion: straight lines rising or falling in one of three ranges — wholly positive (0.1 ↔ 0.9),
 * wholly negative (−0.9 ↔ −0.1), or crossing zero (−0.8 ↔ +0.8, the paper's example) → 6 curves
 * per dimension, and every valence curve with every arousal curve → 6 × 6 = 36 cases.
 */
import type { CurvePoint } from '../../../src/engine/project/types.ts';

export const INTENSITY_SHAPES = ['linear', 'tanh', 'cosine'] as const;
export type IntensityShape = (typeof INTENSITY_SHAPES)[number];
export const INTENSITY_RANGES_DB: readonly number[] = [6, 9, 12, 15];

/** Lane points every CURVE_STEP_S: tanh and cosine are curves, so they are drawn by samples. */
export const CURVE_STEP_S = 0.25;
const TANH_STEEPNESS = 3;

export function intensityShape(shape: IntensityShape, u: number): number {
  if (shape === 'linear') return 2 * u - 1;
  if (shape === 'tanh') return Math.tanh(TANH_STEEPNESS * (2 * u - 1)) / Math.tanh(TANH_STEEPNESS);
  return -Math.cos(2 * Math.PI * u);
}

// + 0 turns −0 into 0, so a curve reads back from JSON unchanged
const r3 = (v: number) => Math.round(v * 1000) / 1000 + 0;

export interface IntensityCurve {
  readonly name: string;
  readonly shape: IntensityShape;
  readonly flipped: boolean;
  readonly rangeDb: number;
  readonly points: readonly CurvePoint[];
}

export function intensityCurve(shape: IntensityShape, flipped: boolean, rangeDb: number, seconds: number): IntensityCurve {
  // a straight line needs its two ends only; the others are sampled (the last sample lands on `seconds`)
  const n = shape === 'linear' ? 1 : Math.max(2, Math.round(seconds / CURVE_STEP_S));
  const points = Array.from({ length: n + 1 }, (_, i) => {
    const u = i / n;
    return { t: r3(u * seconds), v: r3((flipped ? -1 : 1) * rangeDb * intensityShape(shape, u)) };
  });
  return { name: `${shape}${flipped ? '-flipped' : ''}-${rangeDb}db`, shape, flipped, rangeDb, points };
}

/** The 24 intensity curves, in the order shape × flipped × range. */
export function intensityCurves(seconds: number): IntensityCurve[] {
  return INTENSITY_SHAPES.flatMap((shape) => [false, true].flatMap((flipped) => INTENSITY_RANGES_DB.map((r) => intensityCurve(shape, flipped, r, seconds))));
}

export const EMOTION_RANGES = {
  positive: [0.1, 0.9],
  negative: [-0.9, -0.1],
  crossing: [-0.8, 0.8],
} as const;
export type EmotionRange = keyof typeof EMOTION_RANGES;
export type Direction = 'rising' | 'falling';

export interface EmotionCurve {
  readonly name: string;
  readonly direction: Direction;
  readonly range: EmotionRange;
  readonly points: readonly CurvePoint[];
}

/** The six curves of one emotion dimension: rising then falling, each in the three ranges. */
export function emotionCurves(seconds: number): EmotionCurve[] {
  return (['rising', 'falling'] as const).flatMap((direction) => (Object.keys(EMOTION_RANGES) as EmotionRange[]).map((range) => {
    const [lo, hi] = EMOTION_RANGES[range];
    const [a, b] = direction === 'rising' ? [lo, hi] : [hi, lo];
    return { name: `${direction}-${range}`, direction, range, points: [{ t: 0, v: a }, { t: seconds, v: b }] };
  }));
}
