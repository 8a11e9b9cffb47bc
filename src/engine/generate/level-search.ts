/**
 * Level search: the loop writes each chunk of a take several times from the same state, decodes
 * every candidate with the codec and keeps the one whose heard level is closest to the intensity
 * lane (docs/generation.md "Level search"). Why: the lane critic steers a linear read-out of the
 * codes, and on a lane that moves only a dB or two the read-out is 1-1.5 dB RMS from what the
 * engine hears in the decoded audio — as large as the swell asked for — and that error changes
 * within half a second, so feedback that waits for the decoded audio arrives too late to take it
 * out (training/reports/model.md "Session 19"). Listening to candidates before one is kept does
 * not wait: it chooses among the model's own continuations by the level the person will hear. No
 * gain is applied; every sample of the take is the model's and the codec's.
 */
import type { CodecManifest } from '../pack/manifest.ts';
import type { Controls, ControlRate } from '../controls/types.ts';
import { analyse, frameLevelsDb } from '../controls/features.ts';
import { EMOTION, logBrightness, modeScore, tempoCue } from '../controls/emotion.ts';
import { MELODY_GATE_DB } from '../controls/levels.ts';
import { dominantPitchClass } from '../controls/melody.ts';
import { decodeCodes } from '../codec/decoder.ts';
import type { ModelSession } from './session.ts';

export interface LevelSearch {
  /** Continuations written per chunk, the best kept (≥ 2; 1 turns the search off). */
  readonly candidates: number;
  /** Chunk length in seconds (default 0.5). */
  readonly chunkS?: number;
  /** The span whose mean heard level is compared with the lane's, ending at the chunk's end (default 1 s: the engine's intensity smoothing). */
  readonly memoryS?: number;
  /** Weight of the heard level's spread about the lane within the span (its variance, dB²) beside its squared mean (default 1: the mean square error). */
  readonly spread?: number;
  /**
   * Weight of the valence lane (default 0: not heard): (heard − asked valence)², the heard valence the
   * engine's estimator gives the frame 3 s back from the candidate's newest (whose 6 s key window the
   * candidate closes) from the take's chroma, brightness and the rhythm lane's tempo (emotion.ts), in
   * dB² per unit: 20 makes a valence 0.5 off count as a level 2.2 dB off.
   */
  readonly valence?: number;
  /**
   * Weight of the melody lane (default 0: not heard): the share of the span's frames where the lane
   * names a pitch class and the take's dominant one (the engine's melody: the peak chroma's argmax,
   * above the gate) is another, in dB² per unit: 20 makes half the notes missed count as a level 3.2 dB off.
   */
  readonly melody?: number;
}

/** What the loop hears of frames: the engine's level (dBFS), chroma (12 per frame) and spectral centroid (Hz; 0 silent). */
export interface Heard {
  readonly level: Float32Array;
  readonly chroma: Float32Array;
  readonly centroid: Float32Array;
}

/**
 * What the studio's Search and `undertone generate --level-search` ask besides the number of ways:
 * the level's mean square and the melody at 20 (docs/evaluation.md "Level search": on held-out clips
 * melody +2 points on music-v3 and +9 on music-v5c, intensity level; 60 cost beats).
 */
export const STUDIO_SEARCH: Omit<LevelSearch, 'candidates'> = { melody: 20 };

/**
 * The valence lane's weight when the chords were planned from the mood (GenerationConfig.moodSearch):
 * on the created emotion set, the studio's path with music-v5 reads valence PCC 0.66 → 0.73 (seeds
 * 0-2; 20: 0.68, 80: 0.71, 1 000: 0.74 on seed 0), arousal level (docs/evaluation.md "listening for the mood").
 */
export const MOOD_SEARCH_VALENCE = 300;

/** How the loop hears codes: the codec's decoder and the engine's frame level. */
export interface Hearing {
  /** Frames of left context the decoder reads, decoded before the frames measured. */
  readonly context: number;
  /** Frames at the right edge whose level is still provisional (the level window and the decoder reach past them). */
  readonly edge: number;
  /** The engine's level (dBFS) of frames [first, first + count) of `codes` (K × frames, codebook-major, frame 0 at sample 0). */
  levels(codes: Int32Array, frames: number, first: number, count: number): Promise<Float32Array>;
  /** The same frames' level, chroma and centroid, as the engine's analysis gives them (valence: a full analysis of the span). */
  features(codes: Int32Array, frames: number, first: number, count: number): Promise<Heard>;
}

/** Hearing through a codec pack's decoder graph (the one the take will be decoded with). */
export function codecHearing(codec: CodecManifest, decoder: ModelSession, rate: ControlRate): Hearing {
  return {
    context: codec.context_frames,
    // the level's 128 ms window reaches 3.2 frames (at 50 Hz) past its frame, into audio not yet written
    edge: Math.ceil((0.064 * rate.frameRate)) + 1,
    levels: async (codes, frames, first, count) => frameLevelsDb(await decodeCodes(codec, decoder, codes, frames), rate, first, count),
    features: async (codes, frames, first, count) => {
      const f = analyse(await decodeCodes(codec, decoder, codes, frames), rate);
      return { level: f.levelDb.slice(first, first + count), chroma: f.chroma.slice(first * 12, (first + count) * 12), centroid: f.centroid.slice(first, first + count) };
    },
  };
}

export function checkLevelSearch(s: LevelSearch | undefined): void {
  if (!s) return;
  const { candidates: n, chunkS = 0.5, memoryS = 1 } = s;
  if (!(Number.isInteger(n) && n >= 1 && n <= 16)) throw new Error(`level search takes 1-16 candidates, got ${n}`);
  if (!(chunkS >= 0.1 && chunkS <= 5)) throw new Error(`level search chunks must be 0.1-5 s, got ${chunkS}`);
  if (!(memoryS >= chunkS && memoryS <= 10)) throw new Error(`level search memory must be from the chunk's length to 10 s, got ${memoryS}`);
  if (!((s.melody ?? 0) >= 0)) throw new Error(`level search melody weight must be ≥ 0, got ${s.melody}`);
  if (!((s.valence ?? 0) >= 0)) throw new Error(`level search valence weight must be ≥ 0, got ${s.valence}`);
}

/** Whether the intensity lane asks anything in frames [a, b) of `controls`. */
export function laneAsks(c: Controls, a: number, b: number): boolean {
  for (let t = Math.max(0, a); t < Math.min(c.frames, b); t++) if (c.intensity.mask[t] > 0) return true;
  return false;
}

/**
 * A candidate's distance from the lane: the squared mean of heard − asked (dB) over the frames of
 * the span where the lane is set (the engine smooths the level over 1 s, so a chunk that makes up
 * for the span's earlier error wins), or 0 where it is set nowhere.
 */
export function levelDistance(heard: Float32Array, c: Controls, first: number): number {
  return meanLevelError(heard, c, first) ** 2;
}

/**
 * The share of frames [first, first + n) where the melody lane names a pitch class and the heard
 * frame's dominant one (extractMelody's rule) is another or none; 0 where the lane names none.
 */
export function melodyMisses(h: Heard, c: Controls, first: number): number {
  let miss = 0, n = 0;
  for (let i = 0; i < h.level.length; i++) {
    const f = first + i;
    if (f < 0 || f >= c.frames || !(c.melody.mask[f * 12] > 0)) continue;
    let asked = -1;
    for (let k = 0; k < 12; k++) if (c.melody.values[f * 12 + k] > 0.5) asked = k;
    if (asked < 0) continue;
    n++;
    if (dominantPitchClass(h.level, h.chroma, i) !== asked) miss++;
  }
  return n ? miss / n : 0;
}

/** The variance of heard − asked (dB²) over the frames where the lane is set, or 0 where it is set nowhere. */
export function levelErrorSpread(heard: Float32Array, c: Controls, first: number): number {
  const m = meanLevelError(heard, c, first);
  let sum = 0, n = 0;
  for (let i = 0; i < heard.length; i++) {
    const f = first + i;
    if (f < 0 || f >= c.frames || !(c.intensity.mask[f] > 0)) continue;
    sum += (heard[i] - c.intensity.values[f] - m) ** 2;
    n++;
  }
  return n ? sum / n : 0;
}

/** The mean of heard − asked (dB) over the frames where the lane is set, or 0 where it is set nowhere. */
export function meanLevelError(heard: Float32Array, c: Controls, first: number): number {
  let sum = 0, n = 0;
  for (let i = 0; i < heard.length; i++) {
    const f = first + i;
    if (f < 0 || f >= c.frames || !(c.intensity.mask[f] > 0)) continue;
    sum += heard[i] - c.intensity.values[f];
    n++;
  }
  return n ? sum / n : 0;
}

/**
 * The take's mood as the engine will hear it, kept per window frame from each kept chunk's analysis:
 * normalised chroma (the key window's sums), log brightness and whether the frame is voiced.
 */
export class HeardMood {
  private readonly chroma: Float32Array;
  private readonly bright: Float32Array;
  private readonly voiced: Uint8Array;
  private readonly window = new Float64Array(12);
  private readonly one = new Float32Array(12);

  constructor(private readonly frames: number) {
    this.chroma = new Float32Array(frames * 12);
    this.bright = new Float32Array(frames);
    this.voiced = new Uint8Array(frames);
  }

  /** Frames [first, first + n) of a kept candidate (its Heard), written over what was there. */
  keep(h: Heard, first: number): void {
    for (let i = 0; i < h.level.length; i++) {
      const f = first + i;
      if (f < 0 || f >= this.frames) continue;
      this.voiced[f] = frameMood(h, i, this.chroma.subarray(f * 12, f * 12 + 12));
      this.bright[f] = logBrightness(h.centroid[i]);
    }
  }

  /**
   * The engine's valence at window frame `at` (emotion.ts) if frames [first, first + n) were the
   * candidate's `h`: mode over the key window, brightness over the cue window, `tempo` the tempo cue
   * (z-scale, NaN: no beat). Frames past the last one heard count as silent, as past a take's end.
   */
  valenceAt(at: number, h: Heard, first: number, tempo: number, rate: number): number {
    const kh = Math.round((EMOTION.keyWindowS * rate) / 2), ch = Math.round((EMOTION.cueWindowS * rate) / 2);
    const end = first + h.level.length, w = this.window, one = this.one;
    w.fill(0);
    let bs = 0, bn = 0;
    for (let f = Math.max(0, at - kh); f < Math.min(this.frames, at + kh + 1, end); f++) {
      let row: ArrayLike<number>, b: number, v: number;
      if (f >= first) {
        v = frameMood(h, f - first, one);
        row = one;
        b = logBrightness(h.centroid[f - first]);
      } else {
        row = this.chroma.subarray(f * 12, f * 12 + 12);
        v = this.voiced[f];
        b = this.bright[f];
      }
      for (let c = 0; c < 12; c++) w[c] += row[c];
      if (Math.abs(f - at) <= ch && v) { bs += b; bn++; }
    }
    const E = EMOTION, clamp = (x: number, l: number) => Math.max(-l, Math.min(l, x));
    const bright = clamp(bn ? bs / bn : 0, E.brightness.limit);
    return Math.tanh(E.valence.mode * modeScore(w) + E.valence.tempo * (Number.isFinite(tempo) ? tempo : E.tempo.noneValence) + E.valence.brightness * bright);
  }
}

/** Frame i of `h` as the key window sums it: its chroma normalised to sum 1 (zeros when silent) into `out`; returns whether it is voiced (1) or not (0). */
function frameMood(h: Heard, i: number, out: Float32Array): number {
  let s = 0;
  for (let c = 0; c < 12; c++) s += h.chroma[i * 12 + c];
  for (let c = 0; c < 12; c++) out[c] = s > 0 ? h.chroma[i * 12 + c] / s : 0;
  return h.level[i] >= MELODY_GATE_DB ? 1 : 0;
}

/** The tempo cue (emotion.ts's z-scale) of the rhythm lane around frame `at`, NaN where the lane has no beats there. */
export function laneTempoCue(beats: readonly number[], at: number, rate: number): number {
  if (beats.length < 2) return NaN;
  const t = at / rate;
  let i = 0;
  while (i + 2 < beats.length && beats[i + 1] <= t) i++;
  return tempoCue(beats[i + 1] - beats[i]);
}
