/**
 * Chord templates for recognition (docs/controls.md, "Key and chords"): what the chroma of a
 * chord looks like. Our chroma (controls/features.ts) sums spectral peaks, so a note shows up
 * with its harmonics too — the 3rd harmonic a fifth up, the 5th a major third up. A template
 * therefore adds each chord tone's first harmonics with weights decay^(h−1) (Gómez 2006),
 * then scales to unit length so a cosine with the (unit) chroma scores it.
 */
import { chordTones, type Chord, type Quality } from './symbols.ts';

/** Qualities recognition can answer; majmin accuracy reads 7 and maj7 as major, m7 as minor. */
export type RecognisedQuality = Extract<Quality, '' | 'm' | '7' | 'maj7' | 'm7'>;

export interface ChordTemplates {
  /** The recognisable chords; their row in `values` has the same index. */
  readonly chords: readonly Chord[];
  /** chords.length × 12, each row of unit length. */
  readonly values: Float64Array;
}

/** Semitones above the fundamental of harmonics 1..6, folded into the octave. */
const HARMONIC_OFFSETS = [0, 12, 19, 24, 28, 31].map((s) => s % 12);

/** Pitch-class profile of one note: harmonics 1..harmonics with weights decay^(h−1). */
export function noteProfile(pc: number, harmonics: number, decay: number): Float64Array {
  const p = new Float64Array(12);
  for (let h = 0; h < Math.min(harmonics, HARMONIC_OFFSETS.length); h++) p[(pc + HARMONIC_OFFSETS[h]) % 12] += decay ** h;
  return p;
}

export function buildTemplates(qualities: readonly RecognisedQuality[], harmonics: number, decay: number): ChordTemplates {
  const chords: Chord[] = [];
  for (const quality of qualities) for (let root = 0; root < 12; root++) chords.push({ root, quality });
  const values = new Float64Array(chords.length * 12);
  chords.forEach((c, i) => {
    const row = values.subarray(i * 12, i * 12 + 12);
    for (const pc of chordTones(c)) {
      const note = noteProfile(pc, harmonics, decay);
      for (let k = 0; k < 12; k++) row[k] += note[k];
    }
    const norm = Math.hypot(...row);
    for (let k = 0; k < 12; k++) row[k] /= norm;
  });
  return { chords, values };
}
