/**
 * Rhythm: a tempo map (BPM curve) with meter and phase gives the beat grid; single beats can then
 * be moved, removed or added by hand (rhythm/edits.ts). Its items are the tempo map's points.
 */
import { rhythmLaneFrom } from '../../controls/to-lanes.ts';
import { copyTrack, encodeRhythm } from '../../controls/lane-encoders.ts';
import { deletePoints } from '../../curves/curve.ts';
import { beatTimes } from '../../rhythm/beatgrid.ts';
import type { LaneSpec } from '../lane-spec.ts';
import { LIMITS } from '../limits.ts';
import { nudgePoints } from '../nudge.ts';
import type { RhythmLane } from '../types.ts';
import { curve, list, num, obj, spans, time } from '../validate.ts';
import { previewX, trimmer } from './shared.ts';

const AXIS = { unit: 'BPM', min: 30, max: 300, neutral: 120 };

const indices = (items: readonly (number | string)[]) => items.filter((i): i is number => typeof i === 'number');

/** How many beats were put onto cuts ("catching the cut"). */
const caught = (n: number): string => (n === 0 ? 'every cut on the grid' : `${n} beat${n === 1 ? '' : 's'} moved or added onto cuts`);

export const rhythmLane: LaneSpec<'rhythm', RhythmLane> = {
  id: 'rhythm',
  label: 'Rhythm',
  help: 'Tempo curve, meter and phase give the beat grid; downbeats are marked. Drag, add or remove single beats.',
  height: 96,
  axis: AXIS,
  since: 1,
  control: 'rhythm',
  empty: () => ({ kind: 'rhythm', tempo: [], beatsPerBar: 4, phase: 0, moved: [], removed: [], added: [], free: [] }),
  parse(v, path, duration) {
    const o = obj(v, path);
    // Grid indices a 300 BPM grid can reach on this timeline, either side of the phase.
    const maxIndex = Math.ceil((2 * duration * 300) / 60) + 1;
    return {
      kind: 'rhythm',
      tempo: curve(o.tempo, `${path}.tempo`, AXIS.min, AXIS.max, duration),
      beatsPerBar: Math.round(num(o.beatsPerBar, `${path}.beatsPerBar`, 1, 16)),
      phase: num(o.phase, `${path}.phase`, -duration, duration),
      moved: list(o.moved ?? [], `${path}.moved`, LIMITS.maxBeatEdits, 'moved beats').map((m, i) => {
        const mo = obj(m, `${path}.moved[${i}]`);
        return { index: Math.round(num(mo.index, `${path}.moved[${i}].index`, -maxIndex, maxIndex)), t: time(mo.t, `${path}.moved[${i}].t`, duration) };
      }),
      removed: list(o.removed ?? [], `${path}.removed`, LIMITS.maxBeatEdits, 'removed beats')
        .map((r, i) => Math.round(num(r, `${path}.removed[${i}]`, -maxIndex, maxIndex))),
      added: list(o.added ?? [], `${path}.added`, LIMITS.maxBeatEdits, 'added beats').map((a, i) => time(a, `${path}.added[${i}]`, duration)),
      free: spans(o.free, `${path}.free`, duration),
    };
  },
  counts: (l) => [
    { n: l.tempo.length, max: LIMITS.maxPoints, what: 'tempo points' },
    { n: Math.max(l.moved.length, l.removed.length, l.added.length), max: LIMITS.maxBeatEdits, what: 'hand-edited beats of one kind' },
  ],
  trim(l, d) {
    const cut = trimmer(d);
    const within = (t: number) => t <= d;
    const lane: RhythmLane = {
      ...l, tempo: cut.curve(l.tempo), moved: cut.keep(l.moved, (m) => within(m.t)), added: cut.keep(l.added, within),
      free: cut.spans(l.free), phase: Math.max(-d, Math.min(d, l.phase)),
    };
    return { lane, dropped: cut.dropped };
  },
  summary(l) {
    if (!l.tempo.length) return [];
    const bpm = l.tempo.map((p) => Math.round(p.v));
    const lo = Math.min(...bpm), hi = Math.max(...bpm);
    return [{ text: lo === hi ? `${lo} BPM` : `${lo}–${hi} BPM` }];
  },
  encode: (l, track, c) => copyTrack(encodeRhythm(l, c.duration, c.frames, c.frameRate), track),
  preview(l, b) {
    if (l.tempo.length === 0) return { kind: 'empty', summary: 'no steady beat found' };
    const beats = beatTimes(l, b.duration);
    const bpm = l.tempo.map((p) => p.v);
    const lo = Math.round(Math.min(...bpm)), hi = Math.round(Math.max(...bpm));
    return {
      kind: 'rhythm',
      ticks: beats.map((q) => ({ x: previewX(q.t, b.width, b.duration), downbeat: q.downbeat })),
      summary: `${lo === hi ? lo : `${lo}–${hi}`} BPM, ${l.beatsPerBar}/4, ${beats.length} beats`,
    };
  },
  fromExtraction: rhythmLaneFrom,
  fromPicture: (p) => ({
    lane: p.rhythm,
    summary: `${p.tempo.bpm} BPM, ${p.rhythm.beatsPerBar}/4, from ${p.tempo.source}; ${caught(p.rhythm.moved.length + p.rhythm.added.length)}`,
  }),
  remove: (l, items) => ({ ...l, tempo: deletePoints(l.tempo, indices(items)) }),
  nudge: (l, items, dt, steps, d) => ({ ...l, tempo: nudgePoints(l.tempo, indices(items), dt, steps, AXIS.min, AXIS.max, d) }),
};
