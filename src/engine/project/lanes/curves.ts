/**
 * Intensity, valence and arousal: a piecewise-linear curve plus free spans. One spec per lane,
 * made by `curveLane`; its items are the curve's point indices. Valence and arousal share the
 * emotion control (columns 0 and 1).
 */
import type { Extraction } from '../../controls/extract.ts';
import { encodeCurve } from '../../controls/lane-encoders.ts';
import { INTENSITY_REFERENCE_DB } from '../../controls/levels.ts';
import { curveLaneFrom } from '../../controls/to-lanes.ts';
import type { ControlName } from '../../controls/types.ts';
import { deletePoints } from '../../curves/curve.ts';
import type { VideoProposals } from '../../video/proposals.ts';
import type { LaneAxis, LaneSpec } from '../lane-spec.ts';
import { LIMITS } from '../limits.ts';
import { nudgePoints } from '../nudge.ts';
import type { CurveLane } from '../types.ts';
import { curve, obj, spans } from '../validate.ts';
import { previewX, trimmer } from './shared.ts';

interface CurveLaneOptions<Id extends string> {
  readonly id: Id;
  readonly label: string;
  readonly help: string;
  readonly height: number;
  readonly axis: LaneAxis;
  readonly control: ControlName;
  /** Column of the control this lane writes. */
  readonly column: number;
  /** Lane value → control value. */
  readonly toControl: (v: number) => number;
  readonly fromExtraction: (x: Extraction) => CurveLane;
  readonly fromPicture: (p: VideoProposals) => CurveLane;
}

const r1 = (v: number) => Math.round(v * 10) / 10;
const indices = (items: readonly (number | string)[]) => items.filter((i): i is number => typeof i === 'number');

export function curveLane<Id extends string>(o: CurveLaneOptions<Id>): LaneSpec<Id, CurveLane> {
  const { min, max, unit } = o.axis;
  return {
    id: o.id,
    label: o.label,
    help: o.help,
    height: o.height,
    axis: o.axis,
    since: 1,
    control: o.control,
    empty: () => ({ kind: 'curve', points: [], free: [] }),
    parse(v, path, duration) {
      const x = obj(v, path);
      return { kind: 'curve', points: curve(x.points, `${path}.points`, min, max, duration), free: spans(x.free, `${path}.free`, duration) };
    },
    counts: (l) => [{ n: l.points.length, max: LIMITS.maxPoints, what: `points on the ${o.id} lane` }],
    trim(l, d) {
      const cut = trimmer(d);
      const lane: CurveLane = { ...l, points: cut.curve(l.points), free: cut.spans(l.free) };
      return { lane, dropped: cut.dropped };
    },
    summary: (l) => (l.points.length ? [{ count: l.points.length, one: 'point', many: 'points' }] : []),
    encode: (l, track, c) => encodeCurve(l, track, o.column, c.frameRate, o.toControl),
    preview(l, b) {
      if (l.points.length === 0) return { kind: 'empty', summary: 'nothing found' };
      const fy = (v: number) => b.height - ((v - min) / (max - min)) * b.height;
      const pts = [{ t: 0, v: l.points[0].v }, ...l.points, { t: b.duration, v: l.points[l.points.length - 1].v }];
      const vs = l.points.map((p) => p.v);
      return {
        kind: 'curve',
        points: pts.map((p) => `${previewX(p.t, b.width, b.duration)},${r1(fy(p.v))}`).join(' '),
        summary: `${l.points.length} points, ${r1(Math.min(...vs))} to ${r1(Math.max(...vs))}${unit ? ` ${unit}` : ''}`,
      };
    },
    fromExtraction: o.fromExtraction,
    fromPicture: (p) => ({ lane: o.fromPicture(p) }),
    remove: (l, items) => ({ ...l, points: deletePoints(l.points, indices(items)) }),
    // a value step is 1 % of the lane's range
    nudge: (l, items, dt, steps, d) => ({ ...l, points: nudgePoints(l.points, indices(items), dt, ((max - min) / 100) * steps, min, max, d) }),
  };
}

export const intensityLane = curveLane({
  id: 'intensity', label: 'Intensity', help: 'Loudness relative to the mix reference, ±18 dB.', height: 84,
  axis: { unit: 'dB', min: -18, max: 18, neutral: 0 }, control: 'intensity', column: 0,
  toControl: (v) => v + INTENSITY_REFERENCE_DB,
  fromExtraction: (x) => curveLaneFrom(x, 'intensity'),
  fromPicture: (p) => p.intensity,
});

export const valenceLane = curveLane({
  id: 'valence', label: 'Valence', help: 'Negative (sad, tense) to positive (happy, warm).', height: 72,
  axis: { unit: '', min: -1, max: 1, neutral: 0 }, control: 'emotion', column: 0, toControl: (v) => v,
  fromExtraction: (x) => curveLaneFrom(x, 'valence'),
  fromPicture: (p) => p.valence,
});

export const arousalLane = curveLane({
  id: 'arousal', label: 'Arousal', help: 'Calm to excited.', height: 72,
  axis: { unit: '', min: -1, max: 1, neutral: 0 }, control: 'emotion', column: 1, toControl: (v) => v,
  fromExtraction: (x) => curveLaneFrom(x, 'arousal'),
  fromPicture: (p) => p.arousal,
});
