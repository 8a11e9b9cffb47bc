/**
 * Which chord each of the planner's segments gets (docs/harmony-planner.md, "Which chords"): a
 * Viterbi path over the key's chords (plus every major and minor triad, at a cost, for melody notes
 * outside the key), scored by how well the chord holds the melody on strong beats, by its colour
 * against valence, by root motion from the chord before, and by a little seeded noise so another
 * seed gives another progression.
 */
import { chordTones, keyChords, mod12, type Chord, type Key } from './symbols.ts';
import { mulberry32 } from '../random.ts';

export interface Candidate {
  readonly chord: Chord;
  /** Pitch classes sounding in it. */
  readonly tones: ReadonlySet<number>;
  /** Prior before valence: the chord's place in the key. */
  readonly prior: number;
  /** +1 major colour, −1 minor, −1.5 diminished: what valence pulls towards or away from. */
  readonly colour: number;
  /** Its tones outside the key (secondary dominants, other triads): each clashes unless the melody sings it. */
  readonly outside: readonly number[];
}

export interface Segment {
  readonly start: number;
  readonly end: number;
  /** The segment starts at a shot cut: its chord must differ from the one before. */
  readonly atCut: boolean;
  /** Valence at the segment's middle (0 where none is drawn). */
  readonly valence: number;
  /**
   * Valence against the mean of its mood region (planner.ts): where the curve climbs or sinks
   * without changing sign the mode stays, so the colour of the chords carries the change — darker
   * than the region's usual chords below its mean, brighter above. 0 when not given.
   */
  readonly lift?: number;
  /** Melody weight per pitch class at the segment's strong beats (pitch class → weight). */
  readonly melody: ReadonlyMap<number, number>;
}

/** Weights of the score terms (docs/harmony-planner.md lists them). */
export const WEIGHTS = {
  /** Per unit of melody weight: + for a chord tone, − for a note the chord does not hold. */
  melody: 1.5,
  /** × valence × colour. */
  valence: 1.2,
  /** × lift × colour: valence rising or falling inside one mood region. */
  lift: 7,
  /** Uniform seeded noise in [0, noise) per segment and chord. */
  noise: 0.9,
  /** The same chord again across a change (forbidden at a cut). */
  repeat: -2.5,
  /** The same root in another colour (C → Cmaj7) across a change; forbidden at a cut. */
  recolour: -1.5,
  /** Back to the chord two changes ago (A → D → A): fine once, dull as a habit. */
  pingPong: -0.7,
  /** The tonic to open a piece and to close it. */
  tonic: 1.5,
  /** Per chord tone outside the key that the segment's melody does not sing. */
  clash: -1.5,
  /** A seventh chord where valence is mild (|v| < 0.5); vivid valence earns the colour back. */
  seventh: -0.8,
} as const;

/** Root motion (semitones up, mod 12) → score: falling fifths lead, steps and thirds follow. */
const ROOT_MOTION: readonly number[] = [
  0, // same root: see transition()
  -0.8, 0.5, 0.3, 0.2, // up a semitone, a tone (IV→V), a minor third, a major third
  1.0, // up a fourth = down a fifth (V→I, ii→V)
  -0.8, // tritone
  0.6, // up a fifth (I→V)
  0.4, 0.5, 0.5, -0.3, // up a minor sixth (down a major third), major sixth (I→vi), minor seventh, major seventh
];

/** The planner's noise: the same seed gives the same progression everywhere. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}

/** The key's scale; minor includes the raised seventh of its V chord (harmonic minor). */
const SCALE = { major: [0, 2, 4, 5, 7, 9, 11], minor: [0, 2, 3, 5, 7, 8, 10, 11] } as const;

/** A candidate; with `key`, its tones outside that key's scale are marked as clashes. */
const cand = (root: number, quality: Chord['quality'], prior: number, key?: Key): Candidate => {
  const chord = { root: mod12(root), quality };
  const colour = quality === 'dim' ? -1.5 : quality === 'm' || quality === 'm7' ? -1 : 1;
  const tones = chordTones(chord);
  const scale = key ? SCALE[key.mode].map((d) => mod12(key.tonic + d)) : null;
  return { chord, tones: new Set(tones), prior, colour, outside: scale ? tones.filter((pc) => !scale.includes(pc)) : [] };
};

/**
 * The chords a plan may use in a key: the key's own (keyChords) with priors by function, their
 * seventh-chord colours, chords borrowed from the parallel mode (the dark colours of a major key),
 * secondary dominants, and every other triad; the last two clash unless the melody asks for them.
 */
export function candidates(key: Key): Candidate[] {
  const t = key.tonic;
  const own = keyChords(key);
  const priors = key.mode === 'major' ? [1.0, 0.5, 0.2, 0.9, 0.9, 0.6, -1.5] : [1.0, -1.0, 0.6, 0.7, 0.4, 0.6, 0.8, 0.6];
  const out = own.map((c, i) => cand(c.root, c.quality, priors[i]));
  if (key.mode === 'major') {
    out.push(cand(t, 'maj7', 0.4), cand(t + 5, 'maj7', 0.3), cand(t + 7, '7', 0.5), cand(t + 2, 'm7', 0.3), cand(t + 9, 'm7', 0.2));
    out.push(cand(t + 5, 'm', -0.3), cand(t + 8, '', -0.3), cand(t + 10, '', -0.2)); // iv, bVI, bVII borrowed from minor
    out.push(cand(t + 2, '7', -0.3, key), cand(t + 4, '7', -0.3, key), cand(t + 9, '7', -0.3, key)); // V7 of V, vi and ii
  } else {
    out.push(cand(t, 'm7', 0.3), cand(t + 5, 'm7', 0.2), cand(t + 7, '7', 0.4), cand(t + 8, 'maj7', 0.2));
    out.push(cand(t + 5, '', -0.4)); // the Dorian IV, borrowed brightness
  }
  const have = new Set(out.map((c) => `${c.chord.root}${c.chord.quality}`));
  for (let root = 0; root < 12; root++) {
    for (const q of ['', 'm'] as const) if (!have.has(`${root}${q}`)) out.push(cand(root, q, -1, key));
  }
  return out;
}

function emission(c: Candidate, s: Segment): number {
  let melody = 0;
  for (const [pc, w] of s.melody) melody += c.tones.has(pc) ? w : -w;
  let clash = 0;
  for (const pc of c.outside) if (!s.melody.has(pc)) clash += WEIGHTS.clash;
  const seventh = c.chord.quality.includes('7') ? (Math.abs(s.valence) >= 0.5 ? 0 : WEIGHTS.seventh) : 0;
  return c.prior + WEIGHTS.melody * melody + clash + (WEIGHTS.valence * s.valence + WEIGHTS.lift * (s.lift ?? 0)) * c.colour + seventh;
}

function transition(a: Candidate, b: Candidate, atCut: boolean): number {
  if (a.chord.root !== b.chord.root) return ROOT_MOTION[mod12(b.chord.root - a.chord.root)];
  // A cut needs a change the ear takes for one: a new root, not C → Cmaj7.
  if (atCut) return -Infinity;
  return a.chord.quality === b.chord.quality ? WEIGHTS.repeat : WEIGHTS.recolour;
}

export interface Ends {
  /** The chord just before the first segment (a chord already on the lane), if any. */
  readonly before?: Chord | null;
  /** The chord just after the last segment, if any. */
  readonly after?: Chord | null;
  /** The first segment opens the piece / the last one closes it: the tonic is welcome there. */
  readonly opens: boolean;
  readonly closes: boolean;
}

/** The best chord per segment (Viterbi over candidates), seeded. */
export function chooseChords(key: Key, segments: readonly Segment[], ends: Ends, seed: number): Chord[] {
  const cands = candidates(key);
  const random = seededRandom(seed);
  const n = segments.length, m = cands.length;
  if (n === 0) return [];
  const asCand = (c: Chord | null | undefined) => (c ? cand(c.root, c.quality, 0) : null);
  const before = asCand(ends.before), after = asCand(ends.after);
  const isTonic = (c: Candidate) => c.chord.root === key.tonic && c.colour === (key.mode === 'major' ? 1 : -1);
  const emit = segments.map((s, i) => cands.map((c) => {
    let e = emission(c, s) + WEIGHTS.noise * random();
    if (i === 0 && ends.opens && isTonic(c)) e += WEIGHTS.tonic;
    if (i === n - 1 && ends.closes && isTonic(c)) e += WEIGHTS.tonic;
    if (i === n - 1 && after) e += transition(c, after, false);
    return e;
  }));
  const first = cands.map((c, j) => emit[0][j] + (before ? transition(before, c, segments[0].atCut) : 0));
  const table = (atCut: boolean) => Float64Array.from({ length: m * m }, (_, x) => transition(cands[Math.floor(x / m)], cands[x % m], atCut));
  const steps = { cut: table(true), plain: table(false) };
  // Candidates are distinct chords, so "the same chord as two back" is the same index.
  const beforeIndex = before ? cands.findIndex((c) => c.chord.root === before.chord.root && c.chord.quality === before.chord.quality) : -1;
  const path = bestPath(first, emit, m, segments.map((s) => (s.atCut ? steps.cut : steps.plain)), beforeIndex);
  return path.map((p) => cands[p].chord);
}

/**
 * Second-order Viterbi: the best chord sequence when a step's score also looks two chords back
 * (the ping-pong term). States are (chord at i−1, chord at i); `step[i][k·m + j]` scores k → j
 * arriving at segment i; `before` is the index of the chord before the span (−1: none). n · m³
 * additions: 10 minutes of a chord per beat at 140 BPM with ~35 candidates takes a few hundred ms.
 */
function bestPath(first: readonly number[], emit: readonly (readonly number[])[], m: number,
  step: readonly Float64Array[], before: number): number[] {
  const n = emit.length;
  if (n === 1) return [first.indexOf(Math.max(...first))];
  const pp = WEIGHTS.pingPong;
  let score = new Float64Array(m * m); // [k * m + j]
  for (let k = 0; k < m; k++) {
    for (let j = 0; j < m; j++) score[k * m + j] = first[k] + step[1][k * m + j] + (before === j ? pp : 0) + emit[1][j];
  }
  const back: Int32Array[] = [];
  for (let i = 2; i < n; i++) {
    const next = new Float64Array(m * m);
    const from = new Int32Array(m * m);
    for (let k = 0; k < m; k++) {
      for (let j = 0; j < m; j++) {
        let best = -Infinity, arg = 0;
        for (let h = 0; h < m; h++) {
          const v = h === j ? score[h * m + k] + pp : score[h * m + k];
          if (v > best) { best = v; arg = h; }
        }
        next[k * m + j] = best + step[i][k * m + j] + emit[i][j];
        from[k * m + j] = arg;
      }
    }
    back.push(from);
    score = next;
  }
  let at = 0;
  for (let x = 1; x < m * m; x++) if (score[x] > score[at]) at = x;
  let k = Math.floor(at / m), j = at % m;
  const path = [k, j];
  for (let i = n - 1; i >= 2; i--) {
    const h = back[i - 2][k * m + j];
    path.unshift(h);
    j = k; k = h;
  }
  return path;
}
