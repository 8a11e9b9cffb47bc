/**
 * Harmony: chord blocks on the timeline in a key, one chord at a time ("N" = no chord is an
 * instruction too). Encoded as the harmony control (controls/harmony.ts: chord tones + root);
 * its items are chord ids. Up/down transposes the selection a semitone.
 */
import { encodeChords } from '../../controls/harmony.ts';
import { copyTrack, openFrames } from '../../controls/lane-encoders.ts';
import { moveChords, removeChords, transposeChords, type ChordBlock } from '../../harmony/blocks.ts';
import { harmonyFromPicture } from '../../harmony/propose.ts';
import { keyLabel, normaliseLabel, parseKey, prefersFlats } from '../../harmony/symbols.ts';
import type { LaneSpec } from '../lane-spec.ts';
import type { FreeSpan } from '../types.ts';
import { fail, list, obj, oneAtATime, spans, str, time } from '../validate.ts';
import { previewX, trimmer } from './shared.ts';

export type { ChordBlock } from '../../harmony/blocks.ts';

export interface HarmonyLane {
  readonly kind: 'harmony';
  /** The key the palette offers chords of, and that spells them ("A minor", "Eb major"). */
  readonly key: string;
  /** Sorted by start, never overlapping. */
  readonly chords: readonly ChordBlock[];
  readonly free: readonly FreeSpan[];
}

export const MAX_CHORDS = 5000;
export const DEFAULT_KEY = 'C major';

/** Whether chords on this lane are spelled with flats (its key's spelling). */
export function laneFlats(lane: Pick<HarmonyLane, 'key'>): boolean {
  return prefersFlats(parseKey(lane.key));
}

const ids = (items: readonly (number | string)[]) => items.filter((i): i is string => typeof i === 'string');

export const harmonyLane: LaneSpec<'harmony', HarmonyLane> = {
  id: 'harmony',
  label: 'Harmony',
  help: 'Chords in a key, one at a time: type one (Am, F#, Bb7) or pick it from the key\'s palette. ↑/↓ transposes the selected chords.',
  height: 126,
  since: 2,
  control: 'harmony',
  empty: () => ({ kind: 'harmony', key: DEFAULT_KEY, chords: [], free: [] }),
  parse(v, path, duration) {
    const o = obj(v, path);
    let key = DEFAULT_KEY;
    if (o.key !== undefined) {
      try {
        key = keyLabel(parseKey(str(o.key, `${path}.key`)));
      } catch {
        fail(`${path}.key`, 'a key such as "A minor" or "Eb major"');
      }
    }
    const flats = prefersFlats(parseKey(key));
    const chords: ChordBlock[] = list(o.chords ?? [], `${path}.chords`, MAX_CHORDS, 'chords').map((c, i) => {
      const at = `${path}.chords[${i}]`;
      const co = obj(c, at);
      const start = time(co.start, `${at}.start`, duration);
      const end = time(co.end, `${at}.end`, duration, start);
      if (end <= start) fail(`${at}.end`, 'later than its start');
      const text = str(co.label, `${at}.label`);
      let label: string;
      try {
        label = normaliseLabel(text, flats);
      } catch (e) {
        fail(`${at}.label`, `a chord such as Am, F#, Bb7 or N (${(e as Error).message})`);
      }
      return { id: str(co.id, `${at}.id`), start, end, label };
    });
    return { kind: 'harmony', key, chords: oneAtATime(chords, path, 'chords', 'the harmony lane holds one chord at a time'), free: spans(o.free, `${path}.free`, duration) };
  },
  counts: (l) => [{ n: l.chords.length, max: MAX_CHORDS, what: 'chords' }],
  trim(l, d) {
    const cut = trimmer(d);
    const lane: HarmonyLane = { ...l, chords: cut.keep(l.chords, (c) => c.start < d).map((c) => ({ ...c, end: Math.min(c.end, d) })), free: cut.spans(l.free) };
    return { lane, dropped: cut.dropped };
  },
  summary: (l) => (l.chords.length ? [{ count: l.chords.length, one: 'chord', many: 'chords' }] : []),
  encode: (l, track, c) => copyTrack(encodeChords(l.chords, c.frames, c.frameRate, openFrames(l.free, c.frames, c.frameRate)), track),
  preview(l, b) {
    if (l.chords.length === 0) return { kind: 'empty', summary: 'no chords found' };
    return {
      kind: 'blocks',
      blocks: l.chords.map((c) => ({ x: previewX(c.start, b.width, b.duration), w: Math.max(1, previewX(c.end - c.start, b.width, b.duration)), label: c.label })),
      summary: `${l.chords.length} chord${l.chords.length === 1 ? '' : 's'} in ${l.key}`,
    };
  },
  fromExtraction(x) {
    const key = x.key ? keyLabel(x.key) : DEFAULT_KEY;
    const flats = prefersFlats(parseKey(key));
    const chords = x.chords.map((s, i) => ({ id: `ref-c${i + 1}`, start: s.start, end: s.end, label: normaliseLabel(s.label, flats) }));
    return { kind: 'harmony', key, chords, free: [] };
  },
  fromPicture: harmonyFromPicture,
  remove: (l, items) => ({ ...l, chords: removeChords(l.chords, ids(items)) }),
  // left/right moves in time; up/down transposes by semitones
  nudge(l, items, dt, steps, d) {
    let chords = dt !== 0 ? moveChords(l.chords, ids(items), dt, d) : l.chords;
    if (steps !== 0) chords = transposeChords(chords, ids(items), steps, laneFlats(l));
    return chords === l.chords ? l : { ...l, chords };
  },
};
