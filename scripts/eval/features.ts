/**
 * Feature vectors for the Fréchet distance of docs/evaluation.md: one per second of audio, from
 * the controls the engine extracts — intensity mean and spread (dB), valence and arousal means,
 * beats per second, share of frames with a melody note. Our own proxy: a handful of musical
 * statistics, not an embedding (no VGGish/CLAP weights exist here).
 */
import type { Extraction } from '../../src/engine/controls/extract.ts';

export const FEATURE_NAMES = ['intensity mean (dB)', 'intensity spread (dB)', 'valence', 'arousal', 'beats / s', 'melody share'] as const;

export function secondFeatures(x: Extraction): number[][] {
  const c = x.controls, fps = c.rate.frameRate, out: number[][] = [];
  for (let s = 0; (s + 1) * fps <= c.frames; s++) {
    const a = s * fps, b = (s + 1) * fps;
    let im = 0, v = 0, ar = 0, mel = 0;
    for (let f = a; f < b; f++) {
      im += c.intensity.values[f] / fps; v += c.emotion.values[2 * f] / fps; ar += c.emotion.values[2 * f + 1] / fps;
      if (c.melody.mask[12 * f]) mel += 1 / fps;
    }
    let spread = 0;
    for (let f = a; f < b; f++) spread += (c.intensity.values[f] - im) ** 2 / fps;
    const beats = x.beats.filter((bt) => bt.t >= s && bt.t < s + 1).length;
    out.push([im, Math.sqrt(spread), v, ar, beats, mel]);
  }
  return out;
}
