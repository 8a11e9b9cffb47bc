/**
 * Chord symbols and keys: the one vocabulary the harmony lane, chord recognition, the harmony
 * control and MIDI export share. Labels are the ones a lead sheet uses ("C", "F#m", "Bb7",
 * "N" for no chord); docs/controls.md lists them.
 */

export type PitchClass = number;

/** Chord qualities, as the suffix written after the root. '' is a major triad. */
export const QUALITIES = ['', 'm', '7', 'maj7', 'm7', 'dim', 'aug', 'sus2', 'sus4'] as const;
export type Quality = (typeof QUALITIES)[number];

/** Intervals above the root (semitones) of each quality. */
export const QUALITY_INTERVALS: Readonly<Record<Quality, readonly number[]>> = {
  '': [0, 4, 7],
  m: [0, 3, 7],
  '7': [0, 4, 7, 10],
  maj7: [0, 4, 7, 11],
  m7: [0, 3, 7, 10],
  dim: [0, 3, 6],
  aug: [0, 4, 8],
  sus2: [0, 2, 7],
  sus4: [0, 5, 7],
};

/** A chord: root pitch class and quality. `null` stands for "N", no chord. */
export interface Chord {
  readonly root: PitchClass;
  readonly quality: Quality;
}

/** The label of "no chord". */
export const NO_CHORD = 'N';

/** A labelled span of time, as `undertone extract` writes chords: start < end, seconds. */
export interface ChordSegment {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

const SHARP_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;
const FLAT_NAMES = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B'] as const;
/** Default spelling without a key: the names most lead sheets use for each pitch class. */
const COMMON_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'] as const;

const LETTER_PC: Readonly<Record<string, number>> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** Suffixes people type, mapped to the canonical quality. Longest first when matching. */
const QUALITY_ALIASES: ReadonlyArray<readonly [string, Quality]> = [
  ['maj7', 'maj7'], ['Maj7', 'maj7'], ['M7', 'maj7'], ['Δ7', 'maj7'], ['Δ', 'maj7'],
  ['min7', 'm7'], ['m7', 'm7'], ['-7', 'm7'],
  ['sus2', 'sus2'], ['sus4', 'sus4'], ['sus', 'sus4'],
  ['dim', 'dim'], ['°', 'dim'], ['o', 'dim'],
  ['aug', 'aug'], ['+', 'aug'],
  ['maj', ''], ['min', 'm'], ['M', ''], ['m', 'm'], ['-', 'm'],
  ['7', '7'], ['', ''],
];

export function mod12(n: number): PitchClass {
  return ((Math.round(n) % 12) + 12) % 12;
}

/** Pitch-class name; `flats` chooses Bb over A#, otherwise the common lead-sheet spelling. */
export function pitchName(pc: PitchClass, flats?: boolean): string {
  const names = flats === undefined ? COMMON_NAMES : flats ? FLAT_NAMES : SHARP_NAMES;
  return names[mod12(pc)];
}

/** Parses a root name ("C", "F#", "Bb", "F♯", "B♭"): pitch class and characters consumed. */
function parseRoot(text: string): { pc: PitchClass; length: number } | null {
  const letter = text[0]?.toUpperCase();
  if (!letter || !(letter in LETTER_PC)) return null;
  let pc = LETTER_PC[letter];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '#' || c === '♯') pc += 1;
    else if (c === 'b' || c === '♭') pc -= 1;
    else break;
    i++;
  }
  return { pc: mod12(pc), length: i };
}

/**
 * Parses a chord label as a person types it: "Am", "F#", "Bbm", "C7", "Fmaj7", "Bdim", "N".
 * Returns null for "N" (no chord) and throws a message naming the label when it is not a chord.
 */
export function parseChord(label: string): Chord | null {
  const text = label.trim();
  if (text === '') throw new Error('Type a chord, e.g. Am, F#, Bb7 or N for no chord.');
  if (text === NO_CHORD || text.toLowerCase() === 'nc' || text === 'N.C.') return null;
  const root = parseRoot(text);
  if (!root) throw new Error(`"${label}" is not a chord: start with a note name A-G (e.g. Am, F#, Bb7).`);
  const suffix = text.slice(root.length).replace(/\/.*$/, ''); // slash bass is read but not kept
  for (const [alias, quality] of QUALITY_ALIASES) {
    if (suffix === alias) return { root: root.pc, quality };
  }
  throw new Error(`"${label}" is not a chord we know: use ${QUALITIES.map((q) => `C${q}`).join(', ')} or N.`);
}

/** The canonical label of a chord ("N" for null). */
export function chordLabel(chord: Chord | null, flats?: boolean): string {
  if (!chord) return NO_CHORD;
  return pitchName(chord.root, flats) + chord.quality;
}

/** Canonical form of a typed label (throws like parseChord). */
export function normaliseLabel(label: string, flats?: boolean): string {
  return chordLabel(parseChord(label), flats);
}

export function transposeChord(chord: Chord | null, semitones: number): Chord | null {
  return chord ? { root: mod12(chord.root + semitones), quality: chord.quality } : null;
}

export function transposeLabel(label: string, semitones: number, flats?: boolean): string {
  return chordLabel(transposeChord(parseChord(label), semitones), flats);
}

/** Pitch classes sounding in the chord, root first. */
export function chordTones(chord: Chord): PitchClass[] {
  return QUALITY_INTERVALS[chord.quality].map((i) => mod12(chord.root + i));
}

/**
 * The chord reduced to the major/minor-triad vocabulary used by the majmin accuracy measure
 * (MIREX "majmin"): maj, 7, maj7, aug, sus → major; m, m7, dim → minor. null stays N.
 */
export function majmin(chord: Chord | null): Chord | null {
  if (!chord) return null;
  const minor = chord.quality === 'm' || chord.quality === 'm7' || chord.quality === 'dim';
  return { root: chord.root, quality: minor ? 'm' : '' };
}

export type Mode = 'major' | 'minor';

export interface Key {
  readonly tonic: PitchClass;
  readonly mode: Mode;
}

/** "A minor", "Eb major". Flat keys are spelled with flats. */
export function keyLabel(key: Key): string {
  return `${pitchName(key.tonic, prefersFlats(key))} ${key.mode}`;
}

export function parseKey(label: string): Key {
  const m = /^\s*([A-Ga-g][#b♯♭]*)\s*(major|minor|maj|min|m)?\s*$/.exec(label);
  const root = m ? parseRoot(m[1]) : null;
  if (!m || !root) throw new Error(`"${label}" is not a key (e.g. "A minor", "Eb major").`);
  const mode: Mode = m[2] && m[2].startsWith('m') && m[2] !== 'major' && m[2] !== 'maj' ? 'minor' : 'major';
  return { tonic: root.pc, mode };
}

/** Whether a key is written with flats (F, Bb, Eb … major; D, G, C … minor). */
export function prefersFlats(key: Key): boolean {
  const major = key.mode === 'major' ? key.tonic : mod12(key.tonic + 3);
  return [5, 10, 3, 8, 1, 6].includes(major);
}

/**
 * The chords a palette offers for a key: the diatonic triads, and in minor also the
 * harmonic-minor dominant (V) beside the natural v.
 */
export function keyChords(key: Key): Chord[] {
  const t = key.tonic;
  if (key.mode === 'major') {
    return [
      { root: t, quality: '' }, { root: mod12(t + 2), quality: 'm' }, { root: mod12(t + 4), quality: 'm' },
      { root: mod12(t + 5), quality: '' }, { root: mod12(t + 7), quality: '' }, { root: mod12(t + 9), quality: 'm' },
      { root: mod12(t + 11), quality: 'dim' },
    ];
  }
  return [
    { root: t, quality: 'm' }, { root: mod12(t + 2), quality: 'dim' }, { root: mod12(t + 3), quality: '' },
    { root: mod12(t + 5), quality: 'm' }, { root: mod12(t + 7), quality: 'm' }, { root: mod12(t + 7), quality: '' },
    { root: mod12(t + 8), quality: '' }, { root: mod12(t + 10), quality: '' },
  ];
}
