/**
 * The planner's key (docs/harmony-planner.md, "Key"): the mode from valence where the valence lane
 * says something, the tonic from the melody's notes and the chords already on the lane
 * (Krumhansl-Schmuckler key finding with Temperley's profiles), and from the seed when there are
 * no notes to go by.
 */
import { sampleCurve } from '../curves/curve.ts';
import { isFree } from '../curves/spans.ts';
import type { CurveLane, FreeSpan, MelodyLane, Seconds } from '../project/types.ts';
import { ALL_KEYS, keyScores } from './key.ts';
import { chordTones, mod12, parseChord, type ChordSegment, type Key, type Mode } from './symbols.ts';

/** Mean valence above this picks major, below its negative minor; between, the notes decide. */
export const MODE_VALENCE = 0.1;

/** Keys to start from when nothing is known but the mode: comfortable ones, chosen by the seed. */
const SEED_TONICS: Readonly<Record<Mode, readonly number[]>> = {
  major: [0, 7, 2, 5, 9, 10], // C G D F A Bb
  minor: [9, 4, 2, 11, 0, 7], // A E D B C G
};

/** A curve lane's value at t: the drawn curve outside its free spans, else null (no instruction). */
export function curveAt(lane: CurveLane, t: Seconds): number | null {
  if (lane.points.length === 0 || isFree(lane.free, t)) return null;
  return sampleCurve(lane.points, t);
}

/** Mean of a curve over the spans, sampled every 0.25 s; null where it is never drawn. */
export function meanOver(lane: CurveLane, spans: readonly FreeSpan[]): number | null {
  let sum = 0, n = 0;
  for (const s of spans) {
    for (let t = s.start; t < s.end; t += 0.25) {
      const v = curveAt(lane, t);
      if (v !== null) { sum += v; n++; }
    }
  }
  return n ? sum / n : null;
}

/** Seconds of each pitch class: the melody's given notes, plus the tones of chords already placed. */
export function pitchWeights(melody: MelodyLane, context: readonly ChordSegment[]): number[] {
  const w = new Array<number>(12).fill(0);
  for (const n of melody.notes) if (!isFree(melody.free, n.start)) w[mod12(n.pitch)] += n.end - n.start;
  for (const c of context) {
    const chord = parseChord(c.label);
    // A chord names three or four pitch classes at once; half weight keeps the melody in charge.
    if (chord) for (const pc of chordTones(chord)) w[pc] += 0.5 * (c.end - c.start);
  }
  return w;
}

/**
 * The key for the plan. `valence`: mean valence over the spans (null: not drawn). `weights`:
 * seconds per pitch class (pitchWeights). `pick`: the seed's choice in [0, 1).
 */
export function chooseKey(valence: number | null, weights: readonly number[], pick: number): Key {
  const mode: Mode | null = valence === null ? null : valence > MODE_VALENCE ? 'major' : valence < -MODE_VALENCE ? 'minor' : null;
  if (weights.every((w) => w === 0)) {
    const m = mode ?? 'major';
    const tonics = SEED_TONICS[m];
    return { tonic: tonics[Math.floor(pick * tonics.length) % tonics.length], mode: m };
  }
  const scores = keyScores(weights); // recognition's Temperley profiles (key.ts)
  let best: Key = { tonic: 0, mode: 'major' };
  let bestR = -Infinity;
  for (const m of mode ? [mode] : (['major', 'minor'] as const)) {
    for (let tonic = 0; tonic < 12; tonic++) {
      const r = scores[ALL_KEYS.findIndex((k) => k.tonic === tonic && k.mode === m)];
      if (r > bestR + 1e-12) { bestR = r; best = { tonic, mode: m }; }
    }
  }
  return best;
}
