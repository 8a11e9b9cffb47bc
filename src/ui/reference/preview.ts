/**
 * Mini previews of proposed lanes: pure geometry (no React), so it is tested in Node and the
 * component only draws what this returns. x runs over the reference track's duration.
 */
import { PITCH_NAMES, laneSpec } from '../../engine/project/lanes.ts';
import type { CurveLane, LaneId, Lanes, MelodyLane, RhythmLane } from '../../engine/project/types.ts';
import { beatTimes } from '../../engine/rhythm/beatgrid.ts';

export interface PreviewBox { readonly width: number; readonly height: number; readonly duration: number }

export type Preview =
  | { readonly kind: 'curve'; readonly points: string; readonly summary: string }
  | { readonly kind: 'rhythm'; readonly ticks: readonly { x: number; downbeat: boolean }[]; readonly summary: string }
  | { readonly kind: 'melody'; readonly notes: readonly { x: number; y: number; w: number }[]; readonly summary: string }
  | { readonly kind: 'empty'; readonly summary: string };

const fx = (t: number, b: PreviewBox) => (b.duration > 0 ? (t / b.duration) * b.width : 0);
const r1 = (v: number) => Math.round(v * 10) / 10;

function curvePreview(id: LaneId, lane: CurveLane, b: PreviewBox): Preview {
  if (lane.points.length === 0) return { kind: 'empty', summary: 'nothing found' };
  const spec = laneSpec(id);
  const fy = (v: number) => b.height - ((v - spec.min) / (spec.max - spec.min)) * b.height;
  const pts = [{ t: 0, v: lane.points[0].v }, ...lane.points, { t: b.duration, v: lane.points[lane.points.length - 1].v }];
  const vs = lane.points.map((p) => p.v);
  const unit = spec.unit ? ` ${spec.unit}` : '';
  return {
    kind: 'curve',
    points: pts.map((p) => `${r1(fx(p.t, b))},${r1(fy(p.v))}`).join(' '),
    summary: `${lane.points.length} points, ${r1(Math.min(...vs))} to ${r1(Math.max(...vs))}${unit}`,
  };
}

function rhythmPreview(lane: RhythmLane, b: PreviewBox): Preview {
  if (lane.tempo.length === 0) return { kind: 'empty', summary: 'no steady beat found' };
  const beats = beatTimes(lane, b.duration);
  const bpm = lane.tempo.map((p) => p.v);
  const lo = Math.round(Math.min(...bpm)), hi = Math.round(Math.max(...bpm));
  return {
    kind: 'rhythm',
    ticks: beats.map((q) => ({ x: r1(fx(q.t, b)), downbeat: q.downbeat })),
    summary: `${lo === hi ? lo : `${lo}–${hi}`} BPM, ${lane.beatsPerBar}/4, ${beats.length} beats`,
  };
}

function melodyPreview(lane: MelodyLane, b: PreviewBox): Preview {
  if (lane.notes.length === 0) return { kind: 'empty', summary: 'no melody found' };
  const counts = new Array(12).fill(0);
  for (const n of lane.notes) counts[n.pitch] += n.end - n.start;
  const top = counts.indexOf(Math.max(...counts));
  const row = b.height / 12;
  return {
    kind: 'melody',
    notes: lane.notes.map((n) => ({ x: r1(fx(n.start, b)), w: Math.max(1, r1(fx(n.end - n.start, b))), y: r1(b.height - (n.pitch + 1) * row) })),
    summary: `${lane.notes.length} notes, mostly ${PITCH_NAMES[top]}`,
  };
}

export function previewOf(id: LaneId, lanes: Lanes, box: PreviewBox): Preview {
  if (id === 'rhythm') return rhythmPreview(lanes.rhythm, box);
  if (id === 'melody') return melodyPreview(lanes.melody, box);
  return curvePreview(id, lanes[id], box);
}
