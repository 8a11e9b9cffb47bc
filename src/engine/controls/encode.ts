/**
 * Created controls: the project's lanes → control tensors at the model frame rate. Each lane's
 * spec (project/lanes/) encodes itself into the control it instructs (lane-encoders.ts); a control
 * no lane writes, or a frame no lane instructs, keeps mask 0 and the model fills in (paper §3.5).
 */
import { ALL_LANES } from '../project/lanes.ts';
import type { LaneData } from '../project/lane-spec.ts';
import type { Lanes } from '../project/types.ts';
import { CONTROL_DIMS, type ControlName, type ControlRate, type ControlTrack, type Controls, DEFAULT_RATE, emptyTrack, frameCount } from './types.ts';

export { encodeMelody, encodeRhythm, openFrames } from './lane-encoders.ts';

export function encodeLanes(lanes: Lanes, duration: number, rate: ControlRate = DEFAULT_RATE): Controls {
  const frames = frameCount(duration, rate);
  const names = Object.keys(CONTROL_DIMS) as ControlName[];
  const tracks = Object.fromEntries(names.map((n) => [n, emptyTrack(frames, CONTROL_DIMS[n])])) as Record<ControlName, ControlTrack>;
  const all = lanes as unknown as Record<string, LaneData>;
  const ctx = { duration, frames, frameRate: rate.frameRate };
  for (const spec of ALL_LANES) spec.encode(all[spec.id], tracks[spec.control], ctx);
  return { rate, frames, ...tracks };
}
