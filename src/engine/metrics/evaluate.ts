/**
 * Controllability of generated music, as the paper's Table 2 / Table 6 report it: the supplied
 * controls (created, or extracted from a reference) against the controls extracted from the
 * generated audio. Frames where the supplied control is masked out (free) do not count.
 */
import { decodeBeats, type TimedBeat } from '../controls/rhythm-kernel.ts';
import type { ControlTrack, Controls } from '../controls/types.ts';
import { beatF1, downbeatF1 } from './beats.ts';
import { ccc, pcc, rmse } from './correlation.ts';
import { melodyAccuracy } from './melody.ts';

export interface CurveScores { readonly pcc: number; readonly ccc: number; readonly rmse: number }

export interface ControlScores {
  readonly valence: CurveScores;
  readonly arousal: CurveScores;
  readonly intensity: CurveScores;
  readonly melodyAccuracy: number;
  readonly beatF1: number;
  readonly downbeatF1: number;
}

function column(t: ControlTrack, c: number, frames: number): { v: Float32Array; m: Float32Array } {
  const v = new Float32Array(frames), m = new Float32Array(frames);
  for (let f = 0; f < frames; f++) { v[f] = t.values[f * t.dim + c]; m[f] = t.mask[f * t.dim + c]; }
  return { v, m };
}

function curve(ref: ControlTrack, gen: ControlTrack, c: number, frames: number): CurveScores {
  const r = column(ref, c, frames), g = column(gen, c, frames);
  const pair = { x: r.v, y: g.v, mask: r.m };
  return { pcc: pcc(pair), ccc: ccc(pair), rmse: rmse(pair) };
}

/**
 * The beats a score compares: the supplied ones outside its free spans, and the generated ones
 * outside them too (generated beats inside the supplied control's free spans are not judged).
 */
export function comparedBeats(supplied: Controls, generated: Controls): { supplied: TimedBeat[]; generated: TimedBeat[] } {
  const T = Math.min(supplied.frames, generated.frames);
  const fps = supplied.rate.frameRate;
  const free = (t: number) => supplied.rhythm.mask[Math.round(t * fps)] === 0;
  return {
    supplied: decodeBeats(supplied.rhythm.values.subarray(0, T), fps, supplied.rhythm.mask.subarray(0, T)),
    generated: decodeBeats(generated.rhythm.values.subarray(0, T), fps).filter((b) => !free(b.t)),
  };
}

/** Both sides must share the frame rate; the shorter length is compared. */
export function scoreControls(supplied: Controls, generated: Controls): ControlScores {
  if (supplied.rate.frameRate !== generated.rate.frameRate) throw new RangeError('scoreControls: frame rates differ');
  const T = Math.min(supplied.frames, generated.frames);
  const { supplied: ref, generated: gen } = comparedBeats(supplied, generated);
  return {
    valence: curve(supplied.emotion, generated.emotion, 0, T),
    arousal: curve(supplied.emotion, generated.emotion, 1, T),
    intensity: curve(supplied.intensity, generated.intensity, 0, T),
    melodyAccuracy: melodyAccuracy(supplied.melody.values.subarray(0, T * 12), generated.melody.values.subarray(0, T * 12), supplied.melody.mask.subarray(0, T * 12)),
    beatF1: beatF1(ref.map((b) => b.t), gen.map((b) => b.t)).f1,
    downbeatF1: downbeatF1(ref, gen).f1,
  };
}
