/**
 * What survives a codec round trip (docs/controls.md, "Codec round-trip metrics"; issue 8): the
 * original and the decoded audio are analysed by the very code that makes the controls, and the
 * round trip is scored like generated music against supplied controls (metrics/evaluate.ts),
 * plus the chroma cosine, which sees every pitch class of a chord, not only the loudest.
 */
import { encodeMelody } from '../controls/encode.ts';
import { extractFromFeatures } from '../controls/extract.ts';
import { analyse, type AudioFeatures } from '../controls/features.ts';
import { MELODY_GATE_DB } from '../controls/levels.ts';
import { DEFAULT_RATE } from '../controls/types.ts';
import { scoreControls } from './evaluate.ts';
import { centsBetween, estimateF0, NOTE_TOLERANCE_CENTS } from './f0.ts';
import { melodyAccuracy } from './melody.ts';

export { centsBetween, estimateF0, F0_MAX_HZ, F0_MIN_HZ, NOTE_TOLERANCE_CENTS } from './f0.ts';

/**
 * Mean per-frame cosine between two T × 12 peak chromas (`analyse()`): over frames t < min(T)
 * where the reference is at or above MELODY_GATE_DB and its chroma row is not all zero,
 * cos_t = ⟨r_t, e_t⟩ / (‖r_t‖·‖e_t‖), and 0 where the estimate's row is all zero (no pitch came
 * back counts as wrong). 1 = every frame keeps its pitch-class profile; 0 when no frame counts.
 * Chroma is power per pitch class, so the loudest classes dominate each frame's vector.
 */
export function chromaCosine(reference: Pick<AudioFeatures, 'frames' | 'chroma' | 'levelDb'>, estimate: Pick<AudioFeatures, 'frames' | 'chroma'>): number {
  const T = Math.min(reference.frames, estimate.frames);
  const r = reference.chroma, e = estimate.chroma;
  let n = 0, sum = 0;
  for (let t = 0; t < T; t++) {
    if (reference.levelDb[t] < MELODY_GATE_DB) continue;
    let rr = 0, ee = 0, re = 0;
    for (let c = t * 12; c < t * 12 + 12; c++) { rr += r[c] * r[c]; ee += e[c] * e[c]; re += r[c] * e[c]; }
    if (rr === 0) continue;
    n++;
    if (ee > 0) sum += re / Math.sqrt(rr * ee);
  }
  return n ? sum / n : 0;
}

/** A note of a known melody (seconds, MIDI pitch or pitch class), e.g. from the MIDI a clip was rendered from. */
export interface MelodyNote { readonly start: number; readonly end: number; readonly pitch: number }

export interface RoundTripScores {
  /** chromaCosine(original, round trip). */
  readonly chromaCosine: number;
  /** The round trip's extracted melody against the original's (melodyAccuracy). */
  readonly melodyAccuracy: number;
  /** PCC of the extracted intensity controls. */
  readonly intensityPcc: number;
  /** The round trip's beats against the original's (±70 ms). */
  readonly beatF1: number;
  readonly downbeatF1: number;
  /**
   * Only with a known melody: the engine's melody accuracy of each side against it, and their
   * ratio (round trip / original): how much of the melody the extractor could read survives.
   */
  readonly nominalMelody?: { readonly original: number; readonly roundTrip: number; readonly ratio: number };
}

/**
 * Scores one round trip. Both signals are mono at `sampleRate`, aligned at sample 0 (a codec
 * adds no delay); the shorter length is compared. Controls come from `extractFromFeatures`, the
 * same analysis `undertone extract` runs, and are compared by `scoreControls`.
 */
export function roundTripScores(
  original: Float32Array,
  roundTrip: Float32Array,
  sampleRate: number,
  melody?: readonly MelodyNote[],
  frameRate = DEFAULT_RATE.frameRate,
): RoundTripScores {
  const rate = { sampleRate, frameRate };
  const fa = analyse(original, rate), fb = analyse(roundTrip, rate);
  const a = extractFromFeatures(fa, original.length / sampleRate).controls;
  const b = extractFromFeatures(fb, roundTrip.length / sampleRate).controls;
  const s = scoreControls(a, b);
  const scores: RoundTripScores = {
    chromaCosine: chromaCosine(fa, fb),
    melodyAccuracy: s.melodyAccuracy,
    intensityPcc: s.intensity.pcc,
    beatF1: s.beatF1,
    downbeatF1: s.downbeatF1,
  };
  if (!melody) return scores;
  const lane = { kind: 'melody' as const, free: [], notes: melody.map((n, i) => ({ id: String(i), ...n })) };
  const truth = encodeMelody(lane, a.frames, frameRate);
  const before = melodyAccuracy(truth.values, a.melody.values, truth.mask);
  const after = melodyAccuracy(truth.values, b.melody.values, truth.mask);
  return { ...scores, nominalMelody: { original: before, roundTrip: after, ratio: before > 0 ? after / before : 0 } };
}

export interface NoteScores {
  readonly f0Original: number;
  readonly f0RoundTrip: number;
  /** centsBetween(f0Original, f0RoundTrip); null when either side has no pitch (f0 0). */
  readonly cents: number | null;
}

/** One sustained note before and after the round trip (estimateF0 on each). */
export function noteScores(original: Float32Array, roundTrip: Float32Array, sampleRate: number): NoteScores {
  const f0Original = estimateF0(original, sampleRate), f0RoundTrip = estimateF0(roundTrip, sampleRate);
  return { f0Original, f0RoundTrip, cents: f0Original > 0 && f0RoundTrip > 0 ? centsBetween(f0Original, f0RoundTrip) : null };
}

export interface RoundTripSummary {
  /** Means of RoundTripScores over the clips. */
  readonly clips: number;
  readonly chromaCosine: number;
  readonly melodyAccuracy: number;
  readonly intensityPcc: number;
  readonly beatF1: number;
  readonly downbeatF1: number;
  /** Over the clips with a known melody: mean accuracy of originals, of round trips, and their ratio. */
  readonly melodyOriginal?: number;
  readonly melodyRoundTrip?: number;
  readonly melodyRatio?: number;
  /** Over the notes: the share back within ±NOTE_TOLERANCE_CENTS (no pitch counts as a miss), median |cents| of the rest. */
  readonly notes: number;
  readonly noteAccuracy?: number;
  readonly medianAbsCents?: number;
}

const mean = (v: readonly number[]): number => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : 0);

/** One line for a set of round trips: what the codec specs assert and `undertone compare --pairs` prints. */
export function summariseRoundTrips(clips: readonly RoundTripScores[], notes: readonly NoteScores[]): RoundTripSummary {
  const avg = (k: 'chromaCosine' | 'melodyAccuracy' | 'intensityPcc' | 'beatF1' | 'downbeatF1') => mean(clips.map((c) => c[k]));
  const known = clips.flatMap((c) => (c.nominalMelody ? [c.nominalMelody] : []));
  const before = mean(known.map((m) => m.original)), after = mean(known.map((m) => m.roundTrip));
  const cents = notes.flatMap((n) => (n.cents === null ? [] : [Math.abs(n.cents)])).sort((a, b) => a - b);
  return {
    clips: clips.length,
    chromaCosine: avg('chromaCosine'),
    melodyAccuracy: avg('melodyAccuracy'),
    intensityPcc: avg('intensityPcc'),
    beatF1: avg('beatF1'),
    downbeatF1: avg('downbeatF1'),
    ...(known.length ? { melodyOriginal: before, melodyRoundTrip: after, melodyRatio: before > 0 ? after / before : 0 } : {}),
    notes: notes.length,
    ...(notes.length ? {
      noteAccuracy: cents.filter((c) => c <= NOTE_TOLERANCE_CENTS).length / notes.length,
      ...(cents.length ? { medianAbsCents: cents[cents.length >> 1] } : {}),
    } : {}),
  };
}
