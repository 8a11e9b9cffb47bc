/**
 * Pitches for the plan's pitch classes. The melody lane draws pitch classes only, and the
 * harmony lane chord symbols; a DAW needs MIDI keys:
 * - melody: each note takes the octave nearest the note before it (the smaller step, as a
 *   melody mostly moves), the first the one nearest C5, and all stay within C4..C6;
 * - chords: close position, root at the bottom, the root between G3 and F#4, so triads and
 *   sevenths sit around C4 below the melody.
 */
import { chordTones, parseChord, type Chord } from '../../harmony/symbols.ts';

export const MELODY_CENTRE = 72; // C5
const MELODY_LOW = 60; // C4
const MELODY_HIGH = 84; // C6
const CHORD_ROOT_LOW = 55; // G3

export function melodyKeys(pitchClasses: readonly number[]): number[] {
  let prev = MELODY_CENTRE;
  return pitchClasses.map((pc) => {
    const below = prev - ((((prev - pc) % 12) + 12) % 12);
    const above = below + 12;
    let key = prev - below < above - prev ? below : prev - below > above - prev ? above
      : Math.abs(below - MELODY_CENTRE) <= Math.abs(above - MELODY_CENTRE) ? below : above;
    while (key > MELODY_HIGH) key -= 12;
    while (key < MELODY_LOW) key += 12;
    prev = key;
    return key;
  });
}

/** MIDI keys of a chord, root first, stacked upward; none for "N". */
export function chordKeys(label: string): number[] {
  const chord: Chord | null = parseChord(label);
  if (!chord) return [];
  const root = CHORD_ROOT_LOW + ((chord.root - CHORD_ROOT_LOW % 12 + 12) % 12);
  const tones = chordTones(chord);
  return tones.map((pc) => root + ((pc - chord.root + 12) % 12));
}
