/**
 * The 20 created-control melodies (scripts/eval/created/melodies.ts) are well-formed: bars add up,
 * one note at a time, pitches the engine's chroma can read, long enough for the protocol's 10 s
 * clip, chords the engine's parser reads laid back to back over the whole tune, notes in the key
 * and mostly on chord tones. A mistyped duration breaks a bar; a mistyped pitch or chord usually
 * leaves the key or the chord.
 */
import { describe, expect, it } from 'vitest';
import { melodies, midiPitch } from '../../scripts/eval/created/melodies.ts';
import { CREATED_SECONDS } from '../../scripts/eval/created/sets.ts';
import { chordTones, parseChord, parseKey } from '../../src/engine/harmony/symbols.ts';

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
// natural, harmonic and melodic minor together: a raised 6th or 7th is in the key
const MINOR = [0, 2, 3, 5, 7, 8, 9, 10, 11];
/** The engine's peak chroma reads C3 (130.8 Hz) to C7 (2093 Hz): docs/controls.md. */
const CHROMA_LOW = 48, CHROMA_HIGH = 96;

function overlap(a0: number, a1: number, b0: number, b1: number) {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

describe('created-control melodies', () => {
  const all = melodies();

  it('are 20 distinct tunes, with the first notes of two golden ones', () => {
    expect(all).toHaveLength(20);
    expect(new Set(all.map((m) => m.id)).size).toBe(20);
    expect(new Set(all.map((m) => m.title)).size).toBe(20);
    const ode = all.find((m) => m.id === 'ode-to-joy')!;
    expect(ode.notes.slice(0, 8).map((n) => n.pitch % 12)).toEqual([6, 6, 7, 9, 9, 7, 6, 4]); // F# F# G A A G F# E
    const twinkle = all.find((m) => m.id === 'twinkle')!;
    expect(twinkle.notes.slice(0, 7).map((n) => [n.pitch, n.start, n.length])).toEqual([[60, 0, 1], [60, 1, 1], [67, 2, 1], [67, 3, 1], [69, 4, 1], [69, 5, 1], [67, 6, 2]]);
  });

  it('reads scientific pitch names', () => {
    expect(['C4', 'A4', 'Bb3', 'E#4', 'F#5', 'C-1'].map(midiPitch)).toEqual([60, 69, 58, 65, 78, 0]);
    expect(() => midiPitch('H4')).toThrow(/not a pitch/);
  });

  for (const m of all) {
    describe(m.id, () => {
      it('has full bars, one note at a time, in the chroma range, and fills the clip', () => {
        expect(() => parseKey(m.key)).not.toThrow();
        expect(m.meter).toBeGreaterThanOrEqual(2);
        if (m.pickup > 0) expect(m.bars[0]).toBe(m.pickup);
        for (const b of m.bars.slice(m.pickup > 0 ? 1 : 0, -1)) expect(b).toBe(m.meter);
        expect(m.bars[m.bars.length - 1]).toBeLessThanOrEqual(m.meter);
        expect(m.bars.reduce((a, b) => a + b, 0)).toBe(m.beats);
        for (let i = 0; i < m.notes.length; i++) {
          const n = m.notes[i];
          expect(n.length).toBeGreaterThan(0);
          expect(n.pitch).toBeGreaterThanOrEqual(CHROMA_LOW);
          expect(n.pitch).toBeLessThanOrEqual(CHROMA_HIGH);
          if (i > 0) expect(n.start).toBeGreaterThanOrEqual(m.notes[i - 1].start + m.notes[i - 1].length);
        }
        expect(m.notes[m.notes.length - 1].start + m.notes[m.notes.length - 1].length).toBeLessThanOrEqual(m.beats);
        expect((m.beats * 60) / m.tempo).toBeGreaterThanOrEqual(CREATED_SECONDS);
      });

      it('has parseable chords back to back over the whole tune', () => {
        let at = 0;
        for (const c of m.chords) {
          expect(() => parseChord(c.label)).not.toThrow();
          expect(c.start).toBe(at);
          expect(c.length).toBeGreaterThan(0);
          at += c.length;
        }
        expect(at).toBe(m.beats);
      });

      it('keeps its notes in the key and mostly on the chord', () => {
        const key = parseKey(m.key);
        const scale = new Set((key.mode === 'major' ? MAJOR : MINOR).map((i) => (i + key.tonic) % 12));
        let total = 0, inKey = 0, onChord = 0;
        for (const n of m.notes) {
          total += n.length;
          if (scale.has(n.pitch % 12)) inKey += n.length;
          for (const c of m.chords) {
            const chord = parseChord(c.label);
            if (chord && chordTones(chord).includes(n.pitch % 12)) onChord += overlap(n.start, n.start + n.length, c.start, c.start + c.length);
          }
        }
        // Für Elise's D#s and the Mountain King's chromatic bar are the most any tune leaves the key
        expect(inKey / total).toBeGreaterThanOrEqual(0.85);
        expect(onChord / total).toBeGreaterThanOrEqual(0.7);
      });
    });
  }
});
