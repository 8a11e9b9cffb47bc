/**
 * The created-controls melody set (paper App. D.3: "20 well-known melodies … Bach, Vivaldi,
 * Mozart, Beethoven, Schubert, Mendelssohn, Bizet …"): 20 public-domain tunes written out by hand
 * as notes, each with a chord progression for the harmony lane. The paper's own list is not
 * published, so these are ours: 13 by named composers, 7 folk tunes.
 *
 * Notation, so a musician can proofread a line against a score: `PITCH:BEATS` per note (scientific
 * pitch, C4 = MIDI 60, sharps `#`, flats `b`), `r:BEATS` a rest, `|` a bar line (checked: every
 * bar but the pickup and the last one holds exactly `meter` beats); chords `LABEL:BEATS` back to
 * back from beat 0 (the pickup included), labels as the harmony lane spells them. A beat is the
 * unit `tempo` counts: a quarter note, but an eighth for Für Elise (3/8) and Silent Night (6/8).
 * `melodies()` expands this into notes and chords with start beats and lengths.
 *
 * Not here, on purpose: Scarborough Fair (its rhythm varies by source and we could not pin one
 * down from memory), Vivaldi, Schubert and Bizet (likewise). Nachtmusik's four bars are set
 * slower than Allegro (92 BPM) so that they fill a 10 s clip.
 */

export interface MelodyNote {
  /** MIDI pitch (60 = C4). */
  readonly pitch: number;
  /** Beats from the start of the tune (the pickup's first beat is 0). */
  readonly start: number;
  readonly length: number;
}

export interface ChordSpan {
  readonly label: string;
  readonly start: number;
  readonly length: number;
}

export interface Melody {
  readonly id: string;
  readonly title: string;
  /** Composer and work, or the tradition. */
  readonly source: string;
  /** As the harmony lane writes it: "G major", "A minor". */
  readonly key: string;
  /** Beats per bar. */
  readonly meter: number;
  /** Beats per minute. */
  readonly tempo: number;
  /** Beats before the first downbeat. */
  readonly pickup: number;
  /** Length of the tune in beats, rests included. */
  readonly beats: number;
  /** Beats in each bar as written (the first is the pickup when there is one). */
  readonly bars: readonly number[];
  readonly notes: readonly MelodyNote[];
  readonly chords: readonly ChordSpan[];
}

interface Source {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly key: string;
  readonly meter: number;
  readonly tempo: number;
  readonly pickup?: number;
  readonly notes: string;
  readonly chords: string;
}

// Bach's prelude is one arpeggio figure per half bar, played twice: the figures of bars 1-8.
const PRELUDE_FIGURES = [
  'C4 E4 G4 C5 E5 G4 C5 E5', 'C4 D4 A4 D5 F5 A4 D5 F5', 'B3 D4 G4 D5 F5 G4 D5 F5', 'C4 E4 G4 C5 E5 G4 C5 E5',
  'C4 E4 A4 E5 A5 A4 E5 A5', 'C4 D4 F#4 A4 D5 F#4 A4 D5', 'B3 D4 G4 D5 G5 G4 D5 G5', 'B3 C4 E4 G4 C5 E4 G4 C5',
];
const prelude = PRELUDE_FIGURES.map((f) => `${f} ${f}`.split(' ').map((p) => `${p}:0.25`).join(' ')).join(' | ');
const KING = 'B3:0.5 C#4:0.5 D4:0.5 E4:0.5 F#4:0.5 D4:0.5 F#4:1 | E#4:0.5 C#4:0.5 E#4:1 E4:0.5 C4:0.5 E4:1 | '
  + 'B3:0.5 C#4:0.5 D4:0.5 E4:0.5 F#4:0.5 D4:0.5 F#4:0.5 B4:0.5 | A4:0.5 F#4:0.5 D4:0.5 F#4:0.5 A4:2';
const ELISE_A = 'E5:0.5 D#5:0.5 E5:0.5 B4:0.5 D5:0.5 C5:0.5 | A4:1 r:0.5 C4:0.5 E4:0.5 A4:0.5 | B4:1 r:0.5 E4:0.5 G#4:0.5 B4:0.5 | '
  + 'C5:1 r:0.5 E4:0.5 E5:0.5 D#5:0.5 | E5:0.5 D#5:0.5 E5:0.5 B4:0.5 D5:0.5 C5:0.5 | A4:1 r:0.5 C4:0.5 E4:0.5 A4:0.5 | B4:1 r:0.5 E4:0.5 C5:0.5 B4:0.5';
const MINUET_A = 'D5:1 G4:0.5 A4:0.5 B4:0.5 C5:0.5 | D5:1 G4:1 G4:1 | E5:1 C5:0.5 D5:0.5 E5:0.5 F#5:0.5 | G5:1 G4:1 G4:1 | '
  + 'C5:1 D5:0.5 C5:0.5 B4:0.5 A4:0.5 | B4:1 C5:0.5 B4:0.5 A4:0.5 G4:0.5';

const SOURCES: readonly Source[] = [
  { id: 'ode-to-joy', title: 'Ode to Joy', source: 'Ludwig van Beethoven, Symphony No. 9 op. 125, finale', key: 'D major', meter: 4, tempo: 120,
    notes: 'F#4:1 F#4:1 G4:1 A4:1 | A4:1 G4:1 F#4:1 E4:1 | D4:1 D4:1 E4:1 F#4:1 | F#4:1.5 E4:0.5 E4:2 | '
      + 'F#4:1 F#4:1 G4:1 A4:1 | A4:1 G4:1 F#4:1 E4:1 | D4:1 D4:1 E4:1 F#4:1 | E4:1.5 D4:0.5 D4:2',
    chords: 'D:4 A7:4 D:6 A:2 D:4 A7:4 D:4 A:2 D:2' },
  { id: 'fur-elise', title: 'Für Elise', source: 'Ludwig van Beethoven, Bagatelle WoO 59, opening (3/8, eighth-note beats)', key: 'A minor', meter: 3, tempo: 140, pickup: 1,
    notes: `E5:0.5 D#5:0.5 | ${ELISE_A} | A4:1 r:1 E5:0.5 D#5:0.5 | ${ELISE_A} | A4:3`,
    chords: 'E7:4 Am:3 E:3 Am:3 E7:3 Am:3 E:3 Am:3 E7:3 Am:3 E:3 Am:3 E7:3 Am:3 E:3 Am:3' },
  { id: 'eine-kleine-nachtmusik', title: 'Eine kleine Nachtmusik', source: 'Wolfgang Amadeus Mozart, Serenade K. 525, I. Allegro, bars 1-4', key: 'G major', meter: 4, tempo: 92,
    notes: 'G4:1 r:0.5 D4:0.5 G4:1 r:0.5 D4:0.5 | G4:0.5 D4:0.5 G4:0.5 B4:0.5 D5:1 r:1 | C5:1 r:0.5 A4:0.5 C5:1 r:0.5 A4:0.5 | C5:0.5 A4:0.5 F#4:0.5 A4:0.5 D4:1 r:1',
    chords: 'G:8 D7:8' },
  { id: 'symphony-40', title: 'Symphony No. 40, first theme', source: 'Wolfgang Amadeus Mozart, Symphony No. 40 K. 550, I. Molto allegro', key: 'G minor', meter: 4, tempo: 180, pickup: 1,
    notes: 'Eb5:0.5 D5:0.5 | D5:1 Eb5:0.5 D5:0.5 D5:1 Eb5:0.5 D5:0.5 | D5:1 Bb5:1 r:1 Bb5:0.5 A5:0.5 | G5:1 G5:0.5 F5:0.5 Eb5:1 Eb5:0.5 D5:0.5 | C5:1 C5:1 r:1 D5:0.5 C5:0.5 | '
      + 'C5:1 D5:0.5 C5:0.5 C5:1 D5:0.5 C5:0.5 | C5:1 A5:1 r:1 A5:0.5 G5:0.5 | F#5:1 F#5:0.5 Eb5:0.5 D5:1 D5:0.5 C5:0.5 | Bb4:1 Bb4:1 r:2',
    chords: 'Gm:9 Cm:8 D7:12 Gm:4' },
  { id: 'twinkle', title: 'Twinkle, Twinkle, Little Star', source: 'French folk tune "Ah ! vous dirai-je, maman" (theme of Mozart\'s variations K. 265)', key: 'C major', meter: 4, tempo: 100,
    notes: 'C4:1 C4:1 G4:1 G4:1 | A4:1 A4:1 G4:2 | F4:1 F4:1 E4:1 E4:1 | D4:1 D4:1 C4:2 | G4:1 G4:1 F4:1 F4:1 | E4:1 E4:1 D4:2 | G4:1 G4:1 F4:1 F4:1 | E4:1 E4:1 D4:2',
    chords: 'C:4 F:2 C:2 F:2 C:2 G:2 C:4 F:2 C:2 G:2 C:2 F:2 C:2 G:2' },
  { id: 'minuet-in-g', title: 'Minuet in G major', source: 'Christian Petzold, BWV Anh. 114 (Notebook for Anna Magdalena Bach)', key: 'G major', meter: 3, tempo: 132,
    notes: `${MINUET_A} | F#4:1 G4:0.5 A4:0.5 B4:0.5 G4:0.5 | A4:3 | ${MINUET_A} | A4:1 B4:0.5 A4:0.5 G4:0.5 F#4:0.5 | G4:3`,
    chords: 'G:6 C:3 G:3 Am:3 G:3 D:6 G:6 C:3 G:3 Am:3 G:3 D7:3 G:3' },
  { id: 'prelude-in-c', title: 'Prelude in C major', source: 'Johann Sebastian Bach, BWV 846 (Well-Tempered Clavier I), bars 1-8, the figuration as one line', key: 'C major', meter: 4, tempo: 66,
    notes: prelude,
    chords: 'C:4 Dm:4 G7:4 C:4 Am:4 D7:4 G:4 Cmaj7:4' },
  { id: 'surprise-symphony', title: '"Surprise" Symphony, Andante theme', source: 'Joseph Haydn, Symphony No. 94, II. Andante', key: 'C major', meter: 2, tempo: 70,
    notes: 'C4:0.5 C4:0.5 E4:0.5 E4:0.5 | G4:0.5 G4:0.5 E4:1 | F4:0.5 F4:0.5 D4:0.5 D4:0.5 | B3:0.5 B3:0.5 G3:1 | '
      + 'C4:0.5 C4:0.5 E4:0.5 E4:0.5 | G4:0.5 G4:0.5 C5:1 | A4:0.5 A4:0.5 F#4:0.5 F#4:0.5 | G4:1 r:1',
    chords: 'C:4 G7:2 G:2 C:4 D7:2 G:2' },
  { id: 'hark-the-herald', title: 'Hark! The Herald Angels Sing', source: 'Felix Mendelssohn, Festgesang (1840), adapted as the hymn tune', key: 'G major', meter: 4, tempo: 110,
    notes: 'D4:1 G4:1 G4:1.5 F#4:0.5 | G4:1 B4:1 B4:1 A4:1 | D5:1 D5:1 D5:1.5 C5:0.5 | B4:1 A4:1 B4:2 | '
      + 'D4:1 G4:1 G4:1.5 F#4:0.5 | G4:1 B4:1 B4:1 A4:1 | D5:1 A4:1 A4:1.5 F#4:0.5 | F#4:1 E4:1 D4:2',
    chords: 'G:6 D:2 G:2 D7:2 G:1 D:1 G:8 D:7 A7:1 D:2' },
  { id: 'brahms-lullaby', title: 'Lullaby (Wiegenlied)', source: 'Johannes Brahms, op. 49 no. 4', key: 'C major', meter: 3, tempo: 100, pickup: 1,
    notes: 'E4:0.5 E4:0.5 | G4:2 E4:0.5 E4:0.5 | G4:2 E4:0.5 G4:0.5 | C5:1 B4:1.5 A4:0.5 | A4:1 G4:1 D4:0.5 E4:0.5 | '
      + 'F4:1 D4:1 D4:0.5 E4:0.5 | F4:2 D4:0.5 F4:0.5 | B4:0.5 A4:0.5 G4:1 B4:1 | C5:3',
    chords: 'C:7 F:3 C:3 G7:9 C:3' },
  { id: 'mountain-king', title: 'In the Hall of the Mountain King', source: 'Edvard Grieg, Peer Gynt Suite No. 1 op. 46', key: 'B minor', meter: 4, tempo: 100,
    notes: `${KING} | ${KING}`,
    chords: 'Bm:4 C#:2 C:2 Bm:4 D:4 Bm:4 C#:2 C:2 Bm:4 D:4' },
  { id: 'silent-night', title: 'Silent Night (Stille Nacht)', source: 'Franz Xaver Gruber (1818), 6/8 with eighth-note beats', key: 'C major', meter: 6, tempo: 150,
    notes: 'G4:3 A4:1 G4:2 | E4:6 | G4:3 A4:1 G4:2 | E4:6 | D5:4 D5:2 | B4:6 | C5:4 C5:2 | G4:6 | A4:4 A4:2 | C5:3 B4:1 A4:2 | G4:3 A4:1 G4:2 | E4:6',
    chords: 'C:24 G:12 C:12 F:12 C:12' },
  { id: 'new-world-largo', title: '"New World" Symphony, Largo theme', source: 'Antonín Dvořák, Symphony No. 9 op. 95, II. Largo, cor anglais (from D-flat to C)', key: 'C major', meter: 4, tempo: 60,
    notes: 'E4:1.5 G4:0.5 G4:2 | E4:1.5 D4:0.5 C4:2 | D4:1 E4:1 G4:1 E4:1 | D4:4 | E4:1.5 G4:0.5 G4:2 | E4:1.5 D4:0.5 C4:2 | D4:1 E4:1 D4:1 C4:1 | C4:4',
    chords: 'C:8 G:8 C:8 G:2 C:6' },
  { id: 'frere-jacques', title: 'Frère Jacques', source: 'French traditional (round)', key: 'C major', meter: 4, tempo: 110,
    notes: 'C4:1 D4:1 E4:1 C4:1 | C4:1 D4:1 E4:1 C4:1 | E4:1 F4:1 G4:2 | E4:1 F4:1 G4:2 | G4:0.5 A4:0.5 G4:0.5 F4:0.5 E4:1 C4:1 | '
      + 'G4:0.5 A4:0.5 G4:0.5 F4:0.5 E4:1 C4:1 | C4:1 G3:1 C4:2 | C4:1 G3:1 C4:2',
    chords: 'C:16 G7:2 C:2 G7:2 C:10' },
  { id: 'greensleeves', title: 'Greensleeves', source: 'English traditional (16th century)', key: 'A minor', meter: 3, tempo: 132, pickup: 1,
    notes: 'A4:1 | C5:2 D5:1 | E5:1.5 F5:0.5 E5:1 | D5:2 B4:1 | G4:1.5 A4:0.5 B4:1 | C5:2 A4:1 | A4:1.5 G#4:0.5 A4:1 | B4:2 G#4:1 | E4:2 A4:1 | '
      + 'C5:2 D5:1 | E5:1.5 F5:0.5 E5:1 | D5:2 B4:1 | G4:1.5 A4:0.5 B4:1 | C5:1.5 B4:0.5 A4:1 | G#4:1.5 F#4:0.5 G#4:1 | A4:3',
    chords: 'Am:4 C:3 G:3 Em:3 Am:6 E:6 Am:3 C:3 G:3 Em:3 Am:3 E:3 Am:3' },
  { id: 'amazing-grace', title: 'Amazing Grace', source: 'American folk hymn tune "New Britain" (1829)', key: 'G major', meter: 3, tempo: 90, pickup: 1,
    notes: 'D4:1 | G4:2 B4:0.5 G4:0.5 | B4:2 A4:1 | G4:2 E4:1 | D4:2 D4:1 | G4:2 B4:0.5 G4:0.5 | B4:2 A4:1 | D5:3',
    chords: 'G:7 C:3 G:6 Em:3 D:3' },
  { id: 'auld-lang-syne', title: 'Auld Lang Syne', source: 'Scottish traditional', key: 'F major', meter: 4, tempo: 100, pickup: 1,
    notes: 'C4:1 | F4:1.5 F4:0.5 F4:1 A4:1 | G4:1.5 F4:0.5 G4:1 A4:1 | F4:1.5 F4:0.5 A4:1 C5:1 | D5:3 D5:1 | '
      + 'C5:1.5 A4:0.5 A4:1 F4:1 | G4:1.5 F4:0.5 G4:1 A4:1 | F4:1.5 D4:0.5 D4:1 C4:1 | F4:4',
    chords: 'C7:1 F:4 C7:4 F:4 Bb:4 F:4 C7:4 Bb:3 C7:1 F:4' },
  { id: 'oh-susanna', title: 'Oh! Susanna', source: 'Stephen Foster (1848)', key: 'C major', meter: 4, tempo: 120, pickup: 1,
    notes: 'C4:0.5 D4:0.5 | E4:1 G4:1 G4:1.5 A4:0.5 | G4:1 E4:1 C4:1.5 D4:0.5 | E4:1 E4:1 D4:1 C4:1 | D4:3 C4:0.5 D4:0.5 | '
      + 'E4:1 G4:1 G4:1.5 A4:0.5 | G4:1 E4:1 C4:1.5 D4:0.5 | E4:1 E4:1 D4:1 D4:1 | C4:4',
    chords: 'C:13 G:4 C:10 G:2 C:4' },
  { id: 'drunken-sailor', title: 'Drunken Sailor', source: 'English sea shanty, traditional (D Dorian)', key: 'D minor', meter: 4, tempo: 120,
    notes: 'A4:1 A4:0.5 A4:0.5 A4:1 A4:0.5 A4:0.5 | A4:1 D4:1 F4:1 A4:1 | G4:1 G4:0.5 G4:0.5 G4:1 G4:0.5 G4:0.5 | G4:1 C4:1 E4:1 G4:1 | '
      + 'A4:1 A4:0.5 A4:0.5 A4:1 A4:0.5 A4:0.5 | A4:1 B4:1 C5:1 D5:1 | C5:1 A4:1 G4:1 E4:1 | D4:2 D4:2',
    chords: 'Dm:8 C:8 Dm:8 C:4 Dm:4' },
  { id: 'yankee-doodle', title: 'Yankee Doodle', source: 'American traditional', key: 'G major', meter: 4, tempo: 120,
    notes: 'G4:1 G4:1 A4:1 B4:1 | G4:1 B4:1 A4:1 D4:1 | G4:1 G4:1 A4:1 B4:1 | G4:2 F#4:2 | G4:1 G4:1 A4:1 B4:1 | C5:1 B4:1 A4:1 G4:1 | F#4:1 D4:1 E4:1 F#4:1 | G4:2 G4:2',
    chords: 'G:6 D:2 G:6 D:2 G:4 C:4 D:4 G:4' },
];

const LETTER: Readonly<Record<string, number>> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** "F#4" → 66, "Bb3" → 58, "E#4" → 65 (scientific pitch, C4 = 60). */
export function midiPitch(name: string): number {
  const m = /^([A-G])(#|b)?(-?\d)$/.exec(name);
  if (!m) throw new Error(`"${name}" is not a pitch like C4, F#5 or Bb3`);
  return 12 * (Number(m[3]) + 1) + LETTER[m[1]] + (m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0);
}

function expand(s: Source): Melody {
  const notes: MelodyNote[] = [];
  const bars: number[] = [];
  let beat = 0, bar = 0;
  for (const tok of s.notes.trim().split(/\s+/)) {
    if (tok === '|') { bars.push(bar); bar = 0; continue; }
    const [name, len] = tok.split(':');
    const length = Number(len);
    if (!(length > 0)) throw new Error(`${s.id}: "${tok}" has no length`);
    if (name !== 'r') notes.push({ pitch: midiPitch(name), start: beat, length });
    beat += length; bar += length;
  }
  bars.push(bar);
  const chords: ChordSpan[] = [];
  let at = 0;
  for (const tok of s.chords.trim().split(/\s+/)) {
    const [label, len] = tok.split(':');
    chords.push({ label, start: at, length: Number(len) });
    at += Number(len);
  }
  const { notes: _n, chords: _c, pickup = 0, ...meta } = s;
  return { ...meta, pickup, beats: beat, bars, notes, chords };
}

let cache: readonly Melody[] | null = null;

/** The 20 melodies, expanded (computed once). */
export function melodies(): readonly Melody[] {
  cache ??= SOURCES.map(expand);
  return cache;
}
