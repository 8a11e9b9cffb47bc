/**
 * Melody (paper §3.4): the dominant pitch class per frame — argmax of the frame's peak chroma —
 * as a one-hot row. Frames quieter than MELODY_GATE_DB or without any spectral peak in the
 * chroma range carry no melody (zero row, mask 0).
 */
import type { AudioFeatures } from './features.ts';
import { MELODY_GATE_DB } from './levels.ts';
import { type ControlTrack, emptyTrack } from './types.ts';

/** Frame t's melody pitch class (the argmax of its peak chroma), or −1: too quiet, or no peak. */
export function dominantPitchClass(levelDb: ArrayLike<number>, chroma: ArrayLike<number>, t: number): number {
  if (levelDb[t] < MELODY_GATE_DB) return -1;
  let arg = -1, best = 0;
  for (let c = 0; c < 12; c++) if (chroma[t * 12 + c] > best) { best = chroma[t * 12 + c]; arg = c; }
  return arg;
}

export function extractMelody(f: AudioFeatures): ControlTrack {
  const track = emptyTrack(f.frames, 12);
  for (let t = 0; t < f.frames; t++) {
    const arg = dominantPitchClass(f.levelDb, f.chroma, t);
    if (arg < 0) continue;
    const row = t * 12;
    track.values[row + arg] = 1;
    track.mask.fill(1, row, row + 12);
  }
  return track;
}
