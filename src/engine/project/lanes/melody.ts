/** Melody: one note at a time (notes never overlap), piano-roll style; its items are note ids. */
import { copyTrack, encodeMelody } from '../../controls/lane-encoders.ts';
import { melodyLaneFrom } from '../../controls/to-lanes.ts';
import { removeNotes } from '../../melody/notes.ts';
import type { LaneSpec } from '../lane-spec.ts';
import { LIMITS } from '../limits.ts';
import { nudgeNotes } from '../nudge.ts';
import type { MelodyLane, Note } from '../types.ts';
import { fail, list, num, obj, oneAtATime, spans, str, time } from '../validate.ts';
import { previewX, trimmer } from './shared.ts';

export const PITCH_NAMES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'] as const;

const ids = (items: readonly (number | string)[]) => items.filter((i): i is string => typeof i === 'string');
const r1 = (v: number) => Math.round(v * 10) / 10;

export const melodyLane: LaneSpec<'melody', MelodyLane> = {
  id: 'melody',
  label: 'Melody',
  help: 'One note at a time: the dominant pitch class the music should follow.',
  height: 144,
  axis: { unit: 'pitch class', min: 0, max: 11, neutral: 0 },
  since: 1,
  control: 'melody',
  empty: () => ({ kind: 'melody', notes: [], free: [] }),
  parse(v, path, duration) {
    const o = obj(v, path);
    const notes: Note[] = list(o.notes, `${path}.notes`, LIMITS.maxNotes, 'notes').map((n, i) => {
      const no = obj(n, `${path}.notes[${i}]`);
      const start = time(no.start, `${path}.notes[${i}].start`, duration);
      const end = time(no.end, `${path}.notes[${i}].end`, duration, start);
      if (end <= start) fail(`${path}.notes[${i}].end`, 'later than its start');
      return { id: str(no.id, `${path}.notes[${i}].id`), start, end, pitch: Math.round(num(no.pitch, `${path}.notes[${i}].pitch`, 0, 11)) };
    });
    // Monophonic (docs/project-format.md): overlapping notes are refused, not trimmed.
    return { kind: 'melody', notes: oneAtATime(notes, path, 'notes', 'the melody plays one note at a time'), free: spans(o.free, `${path}.free`, duration) };
  },
  counts: (l) => [{ n: l.notes.length, max: LIMITS.maxNotes, what: 'melody notes' }],
  trim(l, d) {
    const cut = trimmer(d);
    const lane: MelodyLane = { ...l, notes: cut.keep(l.notes, (n) => n.start < d).map((n) => ({ ...n, end: Math.min(n.end, d) })), free: cut.spans(l.free) };
    return { lane, dropped: cut.dropped };
  },
  summary: (l) => (l.notes.length ? [{ count: l.notes.length, one: 'note', many: 'notes' }] : []),
  encode: (l, track, c) => copyTrack(encodeMelody(l, c.frames, c.frameRate), track),
  preview(l, b) {
    if (l.notes.length === 0) return { kind: 'empty', summary: 'no melody found' };
    const counts = new Array(12).fill(0);
    for (const n of l.notes) counts[n.pitch] += n.end - n.start;
    const top = counts.indexOf(Math.max(...counts));
    const row = b.height / 12;
    return {
      kind: 'melody',
      notes: l.notes.map((n) => ({ x: previewX(n.start, b.width, b.duration), w: Math.max(1, previewX(n.end - n.start, b.width, b.duration)), y: r1(b.height - (n.pitch + 1) * row) })),
      summary: `${l.notes.length} notes, mostly ${PITCH_NAMES[top]}`,
    };
  },
  fromExtraction: (x) => melodyLaneFrom(x.controls.melody, x.controls.rate.frameRate),
  remove: (l, items) => ({ ...l, notes: removeNotes(l.notes, ids(items)) }),
  // up/down: a semitone
  nudge: (l, items, dt, steps, d) => ({ ...l, notes: nudgeNotes(l.notes, ids(items), dt, steps, d) }),
};
