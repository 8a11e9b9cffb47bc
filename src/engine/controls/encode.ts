/**
 * Created controls: the project's lanes → control tensors at the model frame rate.
 * A lane gives no instruction (mask 0) where it is not drawn or where a free span covers the
 * frame; there the values are 0 and the model fills in (paper §3.5, masking strategy).
 */
import { sampleCurve } from '../curves/curve.ts';
import type { CurveLane, FreeSpan, Lanes, MelodyLane, RhythmLane } from '../project/types.ts';
import { beatTimes } from '../rhythm/beatgrid.ts';
import { HARMONY_DIM } from './harmony.ts';
import { INTENSITY_REFERENCE_DB } from './levels.ts';
import { encodeBeats } from './rhythm-kernel.ts';
import { type ControlRate, type ControlTrack, type Controls, DEFAULT_RATE, emptyTrack, frameCount } from './types.ts';

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
function encodeCurve(lane: CurveLane, track: ControlTrack, col: number, frameRate: number, toControl: (v: number) => number): void {
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

export function encodeLanes(lanes: Lanes, duration: number, rate: ControlRate = DEFAULT_RATE): Controls {
  const frames = frameCount(duration, rate);
  const fps = rate.frameRate;
  const intensity = emptyTrack(frames, 1);
  encodeCurve(lanes.intensity, intensity, 0, fps, (v) => v + INTENSITY_REFERENCE_DB);
  const emotion = emptyTrack(frames, 2);
  encodeCurve(lanes.valence, emotion, 0, fps, (v) => v);
  encodeCurve(lanes.arousal, emotion, 1, fps, (v) => v);
  return {
    rate,
    frames,
    rhythm: encodeRhythm(lanes.rhythm, duration, frames, fps),
    intensity,
    melody: encodeMelody(lanes.melody, frames, fps),
    emotion,
    // no harmony lane yet: no instruction (mask 0), the model chooses
    harmony: emptyTrack(frames, HARMONY_DIM),
  };
}
