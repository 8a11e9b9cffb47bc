/**
 * Created-control cases for `npm run eval` (issue 14, after the paper's App. D.3): each is a set
 * of lanes over a few seconds, plus the cut times a video would have, for the cuts-on-beats
 * metric. The quick list is fixed (names, lengths, seeds), so two runs of it compare.
 */
import { emptyLanes, type Lanes } from '../../src/engine/project/lanes.ts';

export interface EvalCase {
  readonly name: string;
  readonly seconds: number;
  readonly lanes: Lanes;
  /** Cut times (s) of the video this case stands for; empty when it has none. */
  readonly cuts: readonly number[];
}

/** Seeds every case is generated with; fixed so runs compare. */
export const QUICK_SEEDS: readonly number[] = [0, 1];

const S = 4;
const curve = (points: { t: number; v: number }[]) => ({ kind: 'curve' as const, points, free: [] });
const rhythm120 = { ...emptyLanes().rhythm, tempo: [{ t: 0, v: 120 }], beatsPerBar: 4, phase: 0 };

// "Ode to Joy", bars 1-2, quarter notes at 120 BPM: E E F G G F E D (pitch classes)
const ODE = [4, 4, 5, 7, 7, 5, 4, 2];

export function quickCases(): EvalCase[] {
  const base = emptyLanes();
  return [
    { name: 'intensity-ramp', seconds: S, cuts: [], lanes: { ...base, intensity: curve([{ t: 0, v: -12 }, { t: S, v: 6 }]) } },
    { name: 'valence-rise', seconds: S, cuts: [],
      lanes: { ...base, valence: curve([{ t: 0, v: -0.8 }, { t: S, v: 0.8 }]), arousal: curve([{ t: 0, v: 0.5 }, { t: S, v: 0.5 }]) } },
    // cuts on the drawn beats: a take that keeps the beat lands every cut
    { name: 'rhythm-120', seconds: S, cuts: [1, 2, 3], lanes: { ...base, rhythm: rhythm120 } },
    { name: 'melody-chords', seconds: S, cuts: [],
      lanes: {
        ...base,
        rhythm: rhythm120,
        melody: { ...base.melody, notes: ODE.map((pitch, i) => ({ id: `n${i}`, start: i * 0.5, end: i * 0.5 + 0.45, pitch })) },
        harmony: { ...base.harmony, key: 'C major', chords: [{ id: 'c0', start: 0, end: 2, label: 'C' }, { id: 'c1', start: 2, end: 3, label: 'G' }, { id: 'c2', start: 3, end: 4, label: 'C' }] },
      } },
  ];
}
