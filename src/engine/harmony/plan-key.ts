/**
 * The planner's key (docs/harmony-planner.md, "Key"): the mode from valence where the valence lane
 * says something, the tonic from the melody's notes and the chords already on the lane
 * (Krumhansl-Schmuckler key finding with Temperley's profiles), and from the seed when there are
 * no notes to go by.
 */
import { sampleCurve } from '../curves/curve.ts';
import { isFree } from '../curves/spans.ts';
import type { CurveLane, FreeSpan, MelodyLane, Seconds } from '../project/types.ts';
import { chordTones, mod12, parseChord, type ChordSegment, type Key, type Mode } from './symbols.ts';

/** Temperley's key profiles (Kostka-Payne corpus): weight of each degree above the tonic. */
const PROFILE: Readonly<Record<Mode, readonly number[]>> = {
  major: [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4],
  minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33],
};

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

function correlate(a: readonly number[], b: readonly number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / 12, mb = b.reduce((s, x) => s + x, 0) / 12;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < 12; i++) {
    ab += (a[i] - ma) * (b[i] - mb); aa += (a[i] - ma) ** 2; bb += (b[i] - mb) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
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
  let best: Key = { tonic: 0, mode: 'major' };
  let bestR = -Infinity;
  for (const m of mode ? [mode] : (['major', 'minor'] as const)) {
    for (let tonic = 0; tonic < 12; tonic++) {
      const profile = Array.from({ length: 12 }, (_, pc) => PROFILE[m][mod12(pc - tonic)]);
      const r = correlate(weights, profile);
      if (r > bestR + 1e-12) { bestR = r; best = { tonic, mode: m }; }
    }
  }
  return best;
}
