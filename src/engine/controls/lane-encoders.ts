/**
 * One lane's data → its control values at the model frame rate. A lane gives no instruction
 * (mask 0) where it is not drawn or where a free span covers the frame; there the values are 0
 * and the model fills in (paper §3.5, masking strategy). The lane specs (project/lanes/) call
 * these; encode.ts puts all lanes together.
 */
import { sampleCurve } from '../curves/curve.ts';
import type { CurveLane, FreeSpan, MelodyLane, RhythmLane } from '../project/types.ts';
import { beatTimes } from '../rhythm/beatgrid.ts';
import { encodeBeats } from './rhythm-kernel.ts';
import { type ControlTrack, emptyTrack } from './types.ts';

/** 1 for frames whose time t = f / frameRate is outside every free span, else 0. */
export function openFrames(free: readonly FreeSpan[], frames: number, frameRate: number): Float32Array {
  const m = new Float32Array(frames).fill(1);
  for (const s of free) {
    const a = Math.max(0, Math.ceil(s.start * frameRate - 1e-9));
    const b = Math.min(frames, Math.ceil(s.end * frameRate - 1e-9));
    for (let f = a; f < b; f++) m[f] = 0;
  }
  return m;
}

export function encodeRhythm(lane: RhythmLane, duration: number, frames: number, frameRate: number): ControlTrack {
  const track = emptyTrack(frames, 1);
  if (lane.tempo.length === 0) return track;
  encodeBeats(beatTimes(lane, duration), frameRate, track.values);
  track.mask.set(openFrames(lane.free, frames, frameRate));
  for (let f = 0; f < frames; f++) track.values[f] *= track.mask[f];
  return track;
}

/** A curve lane into column `col` of a T × dim track, values mapped by `toControl`. */
export function encodeCurve(lane: CurveLane, track: ControlTrack, col: number, frameRate: number, toControl: (v: number) => number): void {
  if (lane.points.length === 0) return;
  const open = openFrames(lane.free, track.values.length / track.dim, frameRate);
  for (let f = 0; f < open.length; f++) {
    if (!open[f]) continue;
    track.values[f * track.dim + col] = toControl(sampleCurve(lane.points, f / frameRate));
    track.mask[f * track.dim + col] = 1;
  }
}

export function encodeMelody(lane: MelodyLane, frames: number, frameRate: number): ControlTrack {
  const track = emptyTrack(frames, 12);
  const open = openFrames(lane.free, frames, frameRate);
  for (const n of lane.notes) {
    // frames whose time lies in [start, end), as noteAt() reads the lane
    const a = Math.max(0, Math.ceil(n.start * frameRate - 1e-9));
    const b = Math.min(frames, Math.ceil(n.end * frameRate - 1e-9));
    const pc = ((Math.round(n.pitch) % 12) + 12) % 12;
    for (let f = a; f < b; f++) {
      if (!open[f]) continue;
      track.values.fill(0, f * 12, f * 12 + 12);
      track.values[f * 12 + pc] = 1;
      track.mask.fill(1, f * 12, f * 12 + 12);
    }
  }
  return track;
}

/** Copy a whole track the encoder built into the one encodeLanes allocated. */
export function copyTrack(from: ControlTrack, into: ControlTrack): void {
  into.values.set(from.values);
  into.mask.set(from.mask);
}
