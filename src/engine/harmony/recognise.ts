/**
 * Chord recognition (docs/controls.md, "Key and chords"): the engine's peak chroma → a key and
 * one chord per beat, smoothed by an HMM, then per frame and as segments.
 *
 *  1. compress each frame's chroma (power^compression): a loud melody note should not outvote
 *     the accompaniment;
 *  2. sum it over each beat (the beat tracker's grid, continued at the median beat period before
 *     the first and after the last beat; a fixed step when there are no beats), leaving out the
 *     frames within `edgeTrim` of a beat, where the 128 ms analysis window straddles a change;
 *  3. key: the summed chroma of the whole piece against Temperley's profiles (key.ts);
 *  4. emission per beat and chord: exp(sharpness · cos(beat chroma, template)), plus a bonus for
 *     chords of the key; "N" scores a fixed cosine `noChord`, and wins outright in silence;
 *  5. Viterbi over the beats with a sticky transition (viterbi.ts);
 *  6. frames quieter than the gate are "N"; runs of one label become segments.
 * Pure: chroma, levels and beats in, labels out; extract.ts feeds it.
 */
import { ALL_KEYS, bestKey, keyScores, type KeyProfileName } from './key.ts';
import { buildTemplates, type RecognisedQuality } from './templates.ts';
import { chordLabel, chordTones, keyChords, majmin, NO_CHORD, prefersFlats, type Chord, type ChordSegment, type Key } from './symbols.ts';
import { stickyViterbi } from './viterbi.ts';

export interface RecognitionOptions {
  /** Chord qualities in the vocabulary besides "N". */
  readonly qualities: readonly RecognisedQuality[];
  /** Exponent applied to chroma power before summing (0.5 = amplitude). */
  readonly compression: number;
  /** Harmonics per note in the templates, and their weight decay. */
  readonly harmonics: number;
  readonly harmonicDecay: number;
  /** Scale of the cosine in the log-emission: how sharply one beat's chroma picks a chord. */
  readonly sharpness: number;
  /** Cosine at which "N" competes with a chord in a sounding beat. */
  readonly noChord: number;
  /** Weight of the bass: log-emission + bassWeight · (share of the beat's bass chroma on the chord's bass template). */
  readonly bassWeight: number;
  /** Bass template: the root weighs 1, the chord's other tones this (inversions). */
  readonly bassOtherTones: number;
  /** Log-emission bonus of chords whose triad belongs to the key (keyChords), 0 for none. */
  readonly keyBonus: number;
  /** Weight of the tonic triad's share of the time in choosing the key (see recogniseChords). */
  readonly tonicWeight: number;
  /** Probability that the chord stays from one beat to the next (into a downbeat, or when bars are unknown). */
  readonly stay: number;
  /** The same into a beat that is not a downbeat: chords change on downbeats more than between them. */
  readonly stayWithinBar: number;
  /** Seconds at each end of a beat left out of its chroma. */
  readonly edgeTrim: number;
  /** Beat length (s) used where the audio has no beats. */
  readonly fallbackBeat: number;
  /** Frames below this level (dBFS) are silence: "N". */
  readonly gateDb: number;
  readonly keyProfile: KeyProfileName;
}

/** Chosen on the "tune" renders of training/scripts/chord_eval.py (training/reports/chords.md). */
export const DEFAULT_RECOGNITION: RecognitionOptions = {
  qualities: ['', 'm'],
  compression: 0.25,
  harmonics: 4,
  harmonicDecay: 0.8,
  sharpness: 20,
  noChord: 0.65,
  bassWeight: 2,
  bassOtherTones: 0.3,
  keyBonus: 2,
  tonicWeight: 1,
  stay: 0.6,
  stayWithinBar: 0.85,
  edgeTrim: 0.04,
  fallbackBeat: 0.5,
  gateDb: -60,
  keyProfile: 'temperley',
};

export interface ChromaInput {
  /** T × 12 chroma power (controls/features.ts). */
  readonly chroma: Float32Array;
  /** T × 12 bass chroma (controls/features.ts); without it the bass is not heard. */
  readonly bassChroma?: Float32Array;
  /** T frame levels in dBFS. */
  readonly levelDb: Float32Array;
  readonly frameRate: number;
  /** Beat times in seconds, ascending. */
  readonly beats: readonly number[];
  /** Downbeat times (a subset of beats); without them every beat is treated alike. */
  readonly downbeats?: readonly number[];
}

export interface Harmony {
  /** null when nothing pitched sounds. */
  readonly key: Key | null;
  /** One label per frame ("N" for no chord). */
  readonly frames: readonly string[];
  /** Runs of one label, [start, end) in seconds on the frame grid; they tile the whole clip. */
  readonly chords: readonly ChordSegment[];
}

/** Beat boundaries in frames covering [0, T]: the beats, continued at the median period. */
export function beatGrid(beats: readonly number[], frames: number, frameRate: number, fallback: number): number[] {
  const inside = beats.filter((t) => t > 0 && t * frameRate < frames);
  const gaps = inside.slice(1).map((t, i) => t - inside[i]).sort((a, b) => a - b);
  const period = gaps.length > 0 ? gaps[gaps.length >> 1] : fallback;
  const times: number[] = [];
  const first = inside.length > 0 ? inside[0] : 0;
  for (let t = first - period; t > 0.5 * period; t -= period) times.unshift(t);
  times.unshift(0);
  if (inside.length > 0 && inside[0] > 0) times.push(...inside.filter((t) => t > times[times.length - 1]));
  const end = frames / frameRate;
  for (let t = times[times.length - 1] + period; t < end - 0.5 * period; t += period) times.push(t);
  const edges = times.map((t) => Math.round(t * frameRate));
  edges.push(frames);
  return edges.filter((e, i) => i === 0 || e > edges[i - 1]);
}

export function recogniseChords(input: ChromaInput, options: Partial<RecognitionOptions> = {}): Harmony {
  const o = { ...DEFAULT_RECOGNITION, ...options };
  const T = input.levelDb.length;
  const edges = beatGrid(input.beats, T, input.frameRate, o.fallbackBeat);
  const B = edges.length - 1;
  const trim = Math.round(o.edgeTrim * input.frameRate);

  // beat chroma and whole-piece chroma
  const beatChroma = new Float64Array(Math.max(0, B) * 12);
  const total = new Float64Array(12);
  const sounding = new Uint8Array(Math.max(0, B));
  const bass = input.bassChroma;
  const beatBass = new Float64Array(Math.max(0, B) * 12); // each beat's bass chroma, summing to 1
  for (let b = 0; b < B; b++) {
    const a = edges[b], e = edges[b + 1];
    const lo = e - a > 2 * trim + 1 ? a + trim : a, hi = e - a > 2 * trim + 1 ? e - trim : e;
    for (let f = lo; f < hi; f++) {
      if (input.levelDb[f] < o.gateDb) continue;
      for (let k = 0; k < 12; k++) beatChroma[b * 12 + k] += input.chroma[f * 12 + k] ** o.compression;
      if (bass) for (let k = 0; k < 12; k++) beatBass[b * 12 + k] += bass[f * 12 + k] ** o.compression;
    }
    let bassSum = 0;
    for (let k = 0; k < 12; k++) bassSum += beatBass[b * 12 + k];
    if (bassSum > 0) for (let k = 0; k < 12; k++) beatBass[b * 12 + k] /= bassSum;
    let norm = 0;
    for (let k = 0; k < 12; k++) norm += beatChroma[b * 12 + k] ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) {
      sounding[b] = 1;
      for (let k = 0; k < 12; k++) {
        total[k] += beatChroma[b * 12 + k];
        beatChroma[b * 12 + k] /= norm;
      }
    }
  }
  const profileScores = keyScores(total, o.keyProfile);
  const firstKey = bestKey(profileScores).key;

  // emissions without the key: state 0 is N, then the templates
  const tpl = buildTemplates(o.qualities, o.harmonics, o.harmonicDecay);
  const S = tpl.chords.length + 1;
  const logE = new Float64Array(Math.max(0, B) * S);
  for (let b = 0; b < B; b++) {
    const row = b * S;
    if (!sounding[b]) {
      logE.fill(-1e3, row + 1, row + S); // silence: only N
      continue;
    }
    logE[row] = o.sharpness * o.noChord;
    for (let c = 0; c < tpl.chords.length; c++) {
      let cos = 0;
      for (let k = 0; k < 12; k++) cos += beatChroma[b * 12 + k] * tpl.values[c * 12 + k];
      const chord = tpl.chords[c];
      let low = beatBass[b * 12 + chord.root];
      for (const pc of chordTones(chord).slice(1)) low += o.bassOtherTones * beatBass[b * 12 + pc];
      logE[row + 1 + c] = o.sharpness * cos + o.bassWeight * low;
    }
  }
  const path = stickyViterbi(withKeyBonus(logE, tpl.chords, firstKey, o.keyBonus), S, stayPerBeat(edges, input, o));
  // Profiles tell a key from its relative (same notes, same chords) poorly; the chords do it
  // better: music dwells on the tonic triad. So the key named is re-chosen with the share of
  // sounding time its tonic chord takes. The decoding keeps the first key: a relative key
  // favours the same chords, and one a fifth away would favour the wrong ones.
  const tonicShare = chordShares(path, edges, tpl.chords);
  // no chord anywhere (drums, noise): no key either
  const key = tonicShare.size === 0 ? null : bestKey(profileScores.map((r, i) => r + o.tonicWeight * (tonicShare.get(tonicLabel(ALL_KEYS[i])) ?? 0))).key;

  // frames, then segments
  const flats = spelling(key);
  const labels = [NO_CHORD, ...tpl.chords.map((c) => chordLabel(c, flats))];
  const frames: string[] = new Array(T).fill(NO_CHORD);
  for (let b = 0; b < B; b++) {
    for (let f = edges[b]; f < edges[b + 1]; f++) frames[f] = input.levelDb[f] < o.gateDb ? NO_CHORD : labels[path[b]];
  }
  return { key, frames, chords: segmentsOf(frames, input.frameRate) };
}

/**
 * Stay probability into each beat: `stay` into a downbeat, `stayWithinBar` into a beat inside a
 * bar; beats the grid continued past the tracked ones, or clips without downbeats, get `stay`.
 */
function stayPerBeat(edges: readonly number[], input: ChromaInput, o: RecognitionOptions): Float64Array {
  const out = new Float64Array(Math.max(0, edges.length - 1)).fill(o.stay);
  const down = input.downbeats;
  if (!down || down.length === 0 || input.beats.length < 2) return out;
  const fr = input.frameRate;
  const first = Math.round(input.beats[0] * fr), last = Math.round(input.beats[input.beats.length - 1] * fr);
  const downFrames = new Set(down.map((t) => Math.round(t * fr)));
  for (let b = 1; b < out.length; b++) {
    const e = edges[b];
    if (e < first || e > last) continue;
    if (!downFrames.has(e) && !downFrames.has(e - 1) && !downFrames.has(e + 1)) out[b] = o.stayWithinBar;
  }
  return out;
}

/** Log-emissions plus `bonus` for chords whose majmin triad is one of the key's major/minor triads, and for N. */
function withKeyBonus(logE: Float64Array, chords: readonly Chord[], key: Key | null, bonus: number): Float64Array {
  if (!key || bonus === 0) return logE;
  const inKey = new Set(keyChords(key).filter((c) => c.quality === '' || c.quality === 'm').map((c) => chordLabel(c)));
  const add = chords.map((c) => (inKey.has(chordLabel(majmin(c))) ? bonus : 0));
  const S = chords.length + 1;
  const out = Float64Array.from(logE);
  // N gets the bonus too: the key chooses among chords, it is no evidence that a chord sounds
  for (let row = 0; row < out.length; row += S) {
    out[row] += bonus;
    for (let c = 0; c < chords.length; c++) out[row + 1 + c] += add[c];
  }
  return out;
}

const tonicLabel = (k: Key) => chordLabel({ root: k.tonic, quality: k.mode === 'major' ? '' : 'm' });

/** Share of the sounding beats' frames each majmin triad takes on a decoded path. */
function chordShares(path: Int32Array, edges: readonly number[], chords: readonly Chord[]): Map<string, number> {
  const shares = new Map<string, number>();
  let total = 0;
  path.forEach((s, b) => {
    if (s === 0) return;
    const label = chordLabel(majmin(chords[s - 1]));
    const n = edges[b + 1] - edges[b];
    shares.set(label, (shares.get(label) ?? 0) + n);
    total += n;
  });
  for (const [k, v] of shares) shares.set(k, v / total);
  return shares;
}

/** Chord spelling in a key: flats in flat keys, sharps in sharp keys, lead-sheet names in C / A minor or without a key. */
export function spelling(key: Key | null): boolean | undefined {
  if (!key) return undefined;
  const major = key.mode === 'major' ? key.tonic : (key.tonic + 3) % 12;
  return major === 0 ? undefined : prefersFlats(key);
}

/** Runs of one label as segments, [start, end) in seconds on the frame grid. */
export function segmentsOf(frames: readonly string[], frameRate: number): ChordSegment[] {
  const out: ChordSegment[] = [];
  let start = 0;
  for (let f = 1; f <= frames.length; f++) {
    if (f === frames.length || frames[f] !== frames[start]) {
      out.push({ start: start / frameRate, end: f / frameRate, label: frames[start] });
      start = f;
    }
  }
  return out;
}
