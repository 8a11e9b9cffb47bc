/**
 * Context-level features: the frame features summarised over a centred window, the role
 * VideoMAE's clip features play in the paper (§3.3). The analyser keeps only the window's frame
 * vectors, never pictures, so memory stays bounded however long the video.
 */
import { periodicity, slope } from './periodicity.ts';
import { ANALYSIS_FPS, CONTEXT_DIM, contextIndex, frameIndex } from './spec.ts';

/** Motion periods searched: 0.3 s to 2 s (200 down to 30 beats per minute). */
export const MIN_PERIOD_FRAMES = 3;
export const MAX_PERIOD_FRAMES = 20;

export interface WindowFrame {
  readonly frame: Float32Array;
  readonly isCut: boolean;
}

/** Context vector for the frames in `win` (the centre frame's window, clipped at the clip's ends). */
export function contextVector(win: readonly WindowFrame[]): Float32Array {
  const out = new Float32Array(CONTEXT_DIM);
  const n = win.length;
  if (n === 0) return out;
  const series = (name: Parameters<typeof frameIndex>[0]): Float64Array => {
    const k = frameIndex(name);
    return Float64Array.from(win, (w) => w.frame[k]);
  };
  const motion = series('motion');
  const bright = series('brightness');
  const sat = series('saturation');
  const colour = series('colourfulness');
  const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
  const mm = mean(motion);
  const sd = Math.sqrt(motion.reduce((s, v) => s + (v - mm) ** 2, 0) / n);
  const per = periodicity(motion, MIN_PERIOD_FRAMES, MAX_PERIOD_FRAMES);
  const cuts = win.reduce((s, w) => s + (w.isCut ? 1 : 0), 0);
  out[contextIndex('motionMean')] = mm;
  out[contextIndex('motionStd')] = sd;
  out[contextIndex('periodicity')] = per.strength;
  out[contextIndex('period')] = per.lag / ANALYSIS_FPS;
  out[contextIndex('cutRate')] = cuts / (n / ANALYSIS_FPS);
  out[contextIndex('brightnessMean')] = mean(bright);
  out[contextIndex('brightnessTrend')] = slope(bright, 0, n) * ANALYSIS_FPS;
  out[contextIndex('motionTrend')] = slope(motion, 0, n) * ANALYSIS_FPS;
  out[contextIndex('saturationMean')] = mean(sat);
  out[contextIndex('colourfulnessMean')] = mean(colour);
  return out;
}
