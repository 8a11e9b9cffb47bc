/** The harmony lane: chord blocks that load, migrate, encode and edit with real values. */
import { describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { chordSlot, moveChords, placeChord, resizeChord, setChordsInSpan, transposeChords, type ChordBlock } from '../../src/engine/harmony/blocks.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { emptyLanes } from '../../src/engine/project/lanes.ts';
import { harmonyLane } from '../../src/engine/project/lanes/harmony.ts';
import { projectFromJson, projectToJson } from '../../src/engine/project/serialize.ts';
import { PROJECT_VERSION } from '../../src/engine/project/types.ts';
import { beatTimes } from '../../src/engine/rhythm/beatgrid.ts';
import { chordEvents, chordVoicing } from '../../src/engine/playback/sync.ts';

const block = (id: string, start: number, end: number, label: string): ChordBlock => ({ id, start, end, label });
const AM_F_G = [block('a', 0, 2, 'Am'), block('b', 2, 4, 'F'), block('c', 4, 6, 'G')];

/** A version-1 file as Undertone 1 wrote it: five lanes, no harmony. */
function versionOneFile(): Record<string, any> {
  const p = JSON.parse(projectToJson(createProject('Old', 8)));
  delete p.lanes.harmony;
  return { ...p, version: 1, lanes: { ...p.lanes, melody: { kind: 'melody', notes: [{ id: 'n1', start: 1, end: 2, pitch: 7 }], free: [] } } };
}

describe('project file version 2', () => {
  it('is version 2 and round-trips the harmony lane (key, chords, free spans)', () => {
    expect(PROJECT_VERSION).toBe(2);
    const p = createProject('Clip', 8);
    const edited = { ...p, lanes: { ...p.lanes, harmony: { kind: 'harmony' as const, key: 'A minor', chords: AM_F_G, free: [{ start: 6, end: 8 }] } } };
    const text = projectToJson(edited);
    expect(JSON.parse(text).version).toBe(2);
    expect(projectFromJson(text)).toEqual(edited);
  });

  it('opens a version-1 file with an empty harmony lane and everything else as it was', () => {
    const p = projectFromJson(JSON.stringify(versionOneFile()));
    expect(p.version).toBe(2);
    expect(p.lanes.harmony).toEqual({ kind: 'harmony', key: 'C major', chords: [], free: [] });
    expect(p.lanes.melody.notes).toEqual([{ id: 'n1', start: 1, end: 2, pitch: 7 }]);
    expect(p.name).toBe('Old');
  });

  it('still refuses a version-1 file whose lanes are not an object', () => {
    const f = versionOneFile();
    f.lanes = [];
    expect(() => projectFromJson(JSON.stringify(f))).toThrow('lanes should be an object');
  });

  it('refuses chords that are not chords, overlap, or are empty, naming the field', () => {
    const f = JSON.parse(projectToJson(createProject('Clip', 8)));
    f.lanes.harmony.chords = [block('a', 0, 2, 'Hm')];
    expect(() => projectFromJson(JSON.stringify(f))).toThrow(/lanes\.harmony\.chords\[0\]\.label should be a chord such as Am, F#, Bb7 or N \("Hm" is not a chord/);
    f.lanes.harmony.chords = [block('a', 0, 3, 'Am'), block('b', 2, 4, 'F')];
    expect(() => projectFromJson(JSON.stringify(f))).toThrow('lanes.harmony.chords[1] (2–4 s) overlaps lanes.harmony.chords[0] (0–3 s)');
    f.lanes.harmony.chords = [block('a', 2, 2, 'Am')];
    expect(() => projectFromJson(JSON.stringify(f))).toThrow('lanes.harmony.chords[0].end should be later than its start');
    f.lanes.harmony.chords = [];
    f.lanes.harmony.key = 'H minor';
    expect(() => projectFromJson(JSON.stringify(f))).toThrow('lanes.harmony.key should be a key such as "A minor" or "Eb major"');
  });

  it('spells typed labels for the key: A# in F major reads Bb, bbm reads Bbm', () => {
    const f = JSON.parse(projectToJson(createProject('Clip', 8)));
    f.lanes.harmony = { kind: 'harmony', key: 'f major', chords: [block('a', 0, 2, 'A#'), block('b', 2, 4, 'bbm')], free: [] };
    const lane = projectFromJson(JSON.stringify(f)).lanes.harmony;
    expect(lane.key).toBe('F major');
    expect(lane.chords.map((c) => c.label)).toEqual(['Bb', 'Bbm']);
  });
});

describe('harmony control from the lane', () => {
  it('encodes chord tones and root per frame; free spans and gaps give mask 0', () => {
    const lanes = { ...emptyLanes(), harmony: { kind: 'harmony' as const, key: 'A minor', chords: [block('a', 0, 0.2, 'Am'), block('b', 0.3, 0.5, 'N')], free: [{ start: 0.1, end: 0.2 }] } };
    const h = encodeLanes(lanes, 0.6, { sampleRate: 32000, frameRate: 50 }).harmony;
    const row = (f: number) => Array.from(h.values.subarray(f * 24, f * 24 + 24));
    const mask = (f: number) => h.mask[f * 24];
    // frame 0: A minor = A C E (9, 0, 4), root A
    expect(row(0).map((v, i) => (v ? i : -1)).filter((i) => i >= 0)).toEqual([0, 4, 9, 12 + 9]);
    expect(mask(0)).toBe(1);
    expect(mask(5)).toBe(0); // 0.1 s: free
    expect(mask(12)).toBe(0); // 0.24 s: between the chords
    expect(mask(16)).toBe(1); // 0.32 s: N, an instruction of silence
    expect(row(16).every((v) => v === 0)).toBe(true);
    expect(mask(27)).toBe(0); // past the last chord
  });
});

describe('chord blocks', () => {
  it('placing a chord trims what it covers', () => {
    const out = placeChord(AM_F_G, block('x', 1, 3, 'C'));
    expect(out.map((c) => [c.label, c.start, c.end])).toEqual([['Am', 0, 1], ['C', 1, 3], ['F', 3, 4], ['G', 4, 6]]);
  });

  it('moves keep lengths inside the clip; resizes keep a minimum', () => {
    expect(moveChords(AM_F_G, ['c'], 5, 7).find((c) => c.id === 'c')).toEqual(block('c', 5, 7, 'G'));
    const r = resizeChord(AM_F_G, 'a', 'end', 3);
    expect(r.map((c) => [c.label, c.start, c.end])).toEqual([['Am', 0, 3], ['F', 3, 4], ['G', 4, 6]]);
  });

  it('transposes a selection a semitone, spelled for the key', () => {
    expect(transposeChords(AM_F_G, ['a', 'b'], 1, true).map((c) => c.label)).toEqual(['Bbm', 'Gb', 'G']);
    expect(transposeChords(AM_F_G, ['c'], -2).map((c) => c.label)).toEqual(['Am', 'F', 'F']);
    // up/down arrows on the lane transpose, left/right move
    const lane = { kind: 'harmony' as const, key: 'A minor', chords: AM_F_G, free: [] };
    expect(harmonyLane.nudge(lane, ['a'], 0, 1, 6).chords[0].label).toBe('A#m');
  });

  it('sets the chords of a span in one go, cutting what lies across its edges', () => {
    const out = setChordsInSpan(AM_F_G, { start: 1, end: 5 }, [block('p1', 1, 3, 'Dm'), block('p2', 3, 9, 'E')]);
    expect(out.map((c) => [c.label, c.start, c.end])).toEqual([['Am', 0, 1], ['Dm', 1, 3], ['E', 3, 5], ['G', 5, 6]]);
  });

  it('a typed chord fills the bar from the nearest beat, or 2 s without a grid', () => {
    const rhythm = { ...emptyLanes().rhythm, tempo: [{ t: 0, v: 120 }], beatsPerBar: 4, phase: 0 };
    const beats = beatTimes(rhythm, 6);
    expect(chordSlot(beats, 0, 6, true)).toEqual({ start: 0, end: 2 });
    expect(chordSlot(beats, 2.02, 6, true)).toEqual({ start: 2, end: 4 });
    expect(chordSlot(beats, 2.6, 6, true)).toEqual({ start: 2.5, end: 4 }); // mid-bar: the rest of the bar
    expect(chordSlot(beats, 4.9, 6, true)).toEqual({ start: 5, end: 6 });
    expect(chordSlot(beats, 0.3, 6, false)).toEqual({ start: 0.3, end: 2.3 });
    expect(chordSlot([], 5.95, 6, true)).toBeNull();
  });
});

describe('Hear chords', () => {
  it('voices a chord over its root in octave 3 and leaves N silent', () => {
    expect(chordVoicing('Am')).toEqual(['A3', 'C4', 'E4']);
    expect(chordVoicing('Bb7')).toEqual(['A#3', 'D4', 'F4', 'G#4']);
    expect(chordEvents([{ start: 0, end: 2, label: 'F' }, { start: 2, end: 3, label: 'N' }])).toEqual([{ time: 0, notes: ['F3', 'A3', 'C4'], duration: 1.99 }]);
  });
});
