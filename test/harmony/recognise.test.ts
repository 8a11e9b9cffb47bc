/**
 * Recognition on synthetic chroma with known answers: chords written as the sum of their tones'
 * harmonic profiles, on a beat grid, with a melody, a bass, silence and noise.
 */
import { describe, expect, it } from 'vitest';
import { beatGrid, recogniseChords, segmentsOf, spelling } from '../../src/engine/harmony/recognise.ts';
import { noteProfile } from '../../src/engine/harmony/templates.ts';
import { chordTones, keyLabel, parseChord } from '../../src/engine/harmony/symbols.ts';
import { encodeChords } from '../../src/engine/controls/harmony.ts';

const FPS = 50;

/** Chroma for `labels` one per `seconds`, a melody note on each, the root in the bass; then silence. */
function song(labels: string[], seconds: number, melody: number[], silence = 0) {
  const T = Math.round((labels.length * seconds + silence) * FPS);
  const chroma = new Float32Array(T * 12), bassChroma = new Float32Array(T * 12), levelDb = new Float32Array(T).fill(-100);
  for (let f = 0; f < T; f++) {
    const i = Math.floor(f / (seconds * FPS));
    if (i >= labels.length) continue;
    const chord = parseChord(labels[i])!;
    levelDb[f] = -20;
    for (const pc of chordTones(chord)) noteProfile(pc, 4, 0.6).forEach((v, k) => (chroma[f * 12 + k] += v));
    // a loud melody note (4× a chord tone's power), not always a chord tone
    noteProfile(melody[i], 4, 0.6).forEach((v, k) => (chroma[f * 12 + k] += 4 * v));
    bassChroma[f * 12 + chord.root] = 1;
  }
  return { chroma, bassChroma, levelDb, frameRate: FPS };
}

const beatsEvery = (step: number, until: number) => Array.from({ length: Math.floor(until / step) }, (_, i) => (i + 1) * step);

describe('chord recognition on synthetic chroma', () => {
  it('finds I-vi-IV-V in C major on the beat grid, and N over the silent tail', () => {
    // melody E, C, A, D: the 9th over G (D) is a chord tone, A over F too; C over Am too
    const h = recogniseChords({ ...song(['C', 'Am', 'F', 'G'], 2, [4, 0, 9, 2], 1), beats: beatsEvery(0.5, 8) });
    expect(h.key && keyLabel(h.key)).toBe('C major');
    expect(h.chords).toEqual([
      { start: 0, end: 2, label: 'C' }, { start: 2, end: 4, label: 'Am' }, { start: 4, end: 6, label: 'F' },
      { start: 6, end: 8, label: 'G' }, { start: 8, end: 9, label: 'N' },
    ]);
    expect(h.frames.length).toBe(450);
    expect([h.frames[0], h.frames[99], h.frames[100], h.frames[449]]).toEqual(['C', 'C', 'Am', 'N']);
  });

  it('keeps a chord through a beat whose melody note is a passing tone', () => {
    // melody B over C for one beat of four: B is no C-major tone, and C-major stays
    const s = song(['C', 'C', 'C', 'C', 'F', 'F', 'F', 'F'], 0.5, [0, 0, 11, 0, 5, 5, 5, 5]);
    const h = recogniseChords({ ...s, beats: beatsEvery(0.5, 4) });
    expect(h.chords.map((c) => c.label)).toEqual(['C', 'F']);
    expect(h.chords[0].end).toBe(2);
  });

  it('spells chords in the key: flats in Bb major, sharps in E major', () => {
    const flat = recogniseChords({ ...song(['Bb', 'Eb', 'F', 'Bb'], 2, [10, 3, 5, 2]), beats: beatsEvery(0.5, 8) });
    expect(flat.key && keyLabel(flat.key)).toBe('Bb major');
    expect(flat.chords.map((c) => c.label)).toEqual(['Bb', 'Eb', 'F', 'Bb']);
    const sharp = recogniseChords({ ...song(['E', 'C#m', 'A', 'B'], 2, [4, 1, 9, 11]), beats: beatsEvery(0.5, 8) });
    expect(sharp.chords.map((c) => c.label)).toEqual(['E', 'C#m', 'A', 'B']);
    expect([spelling(null), spelling({ tonic: 9, mode: 'minor' }), spelling({ tonic: 2, mode: 'minor' })]).toEqual([undefined, undefined, true]);
  });

  it('answers N and no key for flat (noise-like) chroma: cos 0.568 with a triad, under noChord 0.65', () => {
    const T = 200;
    const h = recogniseChords({
      chroma: new Float32Array(T * 12).fill(1), bassChroma: new Float32Array(T * 12).fill(1),
      levelDb: new Float32Array(T).fill(-20), frameRate: FPS, beats: beatsEvery(0.5, 4),
    });
    expect(h.chords).toEqual([{ start: 0, end: 4, label: 'N' }]);
    expect(h.key).toBeNull();
  });

  it('works without beats (a fixed 0.5 s grid) and without a bass chroma', () => {
    const { chroma, levelDb } = song(['Am', 'Dm', 'E', 'Am'], 2, [9, 5, 11, 0]);
    const h = recogniseChords({ chroma, levelDb, frameRate: FPS, beats: [] });
    expect(h.chords.map((c) => c.label)).toEqual(['Am', 'Dm', 'E', 'Am']);
    expect(h.key && keyLabel(h.key)).toBe('A minor');
  });

  it('the recognised chords encode to a harmony track with every frame instructed', () => {
    const h = recogniseChords({ ...song(['C', 'G'], 1, [0, 7], 0.5), beats: beatsEvery(0.5, 2) });
    const track = encodeChords(h.chords, 125, FPS);
    expect(track.mask.every((m) => m === 1)).toBe(true);
    expect(Array.from(track.values.subarray(0, 24))).toEqual([1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, ...new Array(11).fill(0)]);
    expect(Array.from(track.values.subarray(124 * 24, 125 * 24))).toEqual(new Array(24).fill(0)); // N in the tail
  });
});

describe('beat grid and segments', () => {
  it('continues the beats at their median period to both ends of the clip', () => {
    // beats at 1.0, 1.5, 2.0 s in a 3 s clip (150 frames): 0.5 s period before and after
    expect(beatGrid([1, 1.5, 2], 150, FPS, 0.5)).toEqual([0, 25, 50, 75, 100, 125, 150]);
    expect(beatGrid([], 100, FPS, 0.5)).toEqual([0, 25, 50, 75, 100]);
    // a remainder shorter than half a period joins the last beat
    expect(beatGrid([0.5, 1.0], 60, FPS, 0.5)).toEqual([0, 25, 50, 60]);
  });

  it('turns runs of frame labels into segments in seconds', () => {
    expect(segmentsOf(['C', 'C', 'Am', 'Am', 'Am', 'N'], 2)).toEqual([
      { start: 0, end: 1, label: 'C' }, { start: 1, end: 2.5, label: 'Am' }, { start: 2.5, end: 3, label: 'N' },
    ]);
    expect(segmentsOf([], 50)).toEqual([]);
  });
});
