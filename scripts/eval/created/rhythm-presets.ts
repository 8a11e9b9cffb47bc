/**
 * Rhythm presets (paper App. D.3: four test-set pieces "with different rhythmic strengths and
 * feelings", their rhythm controls time-stretched by 0.8, 0.9, 1.0, 1.1, 1.2 → 20 controls).
 *
 * No held-out recordings are in the repository (training's data and its held-out renders are
 * rebuilt by script and git-ignored), so the four pieces are the procedural composer's held-out
 * pieces with seeds 88 000 007-010 (training/data/composer.py; seeds no training, tuning or chord
 * check uses — the first three are the WAVs in test/fixtures/harmony/). We take their *scores*, not
 * a beat tracker's reading: the tempo maps the composer drew (`draw_spec` for each seed, 10 s), so
 * the reference beats are exact. The steps land on the first bar line at or after the piece's
 * midpoint, where the composer changes section; a ramp is linear over the piece's 10 s.
 *
 * Stretching by f multiplies every time by f: the tempo map's times and the phase scale by f and
 * its BPM by 1/f (0.8 is 25 % faster, 1.2 is 17 % slower). A clip keeps its length: a stretched
 * map is cut at the clip's end, or held at its last tempo past its own end.
 */
import { sampleCurve } from '../../../src/engine/curves/curve.ts';
import type { CurvePoint, RhythmLane } from '../../../src/engine/project/types.ts';

export interface RhythmPreset {
  readonly id: string;
  /** Where it comes from and what it feels like. */
  readonly about: string;
  readonly beatsPerBar: number;
  /** BPM over the piece's time (s); held before the first and after the last point. */
  readonly tempo: readonly CurvePoint[];
}

/** A step in tempo is drawn as a ramp this short (lane points need distinct times). */
const STEP_S = 0.01;

export const RHYTHM_PRESETS: readonly RhythmPreset[] = [
  { id: 'steady-4-75', about: 'composer seed 88000007: 4/4, constant 75.47 BPM, drums, Alberti bass (a slow, even pulse)', beatsPerBar: 4,
    tempo: [{ t: 0, v: 75.47 }] },
  { id: 'waltz-3-134-112', about: 'composer seed 88000008: 3/4, 134.35 BPM, steps to 111.56 at 5.359 s (a brisk waltz that settles)', beatsPerBar: 3,
    tempo: [{ t: 0, v: 134.35 }, { t: 5.359 - STEP_S, v: 134.35 }, { t: 5.359, v: 111.56 }] },
  { id: 'waltz-3-106-149', about: 'composer seed 88000009: 3/4, 106.11 BPM, steps to 149.18 at 5.089 s (a waltz that breaks into a gallop)', beatsPerBar: 3,
    tempo: [{ t: 0, v: 106.11 }, { t: 5.089 - STEP_S, v: 106.11 }, { t: 5.089, v: 149.18 }] },
  { id: 'ritardando-4-103-74', about: 'composer seed 88000010: 4/4, a ramp from 103.14 down to 73.93 BPM over 10 s (a long ritardando)', beatsPerBar: 4,
    tempo: [{ t: 0, v: 103.14 }, { t: 10, v: 73.93 }] },
];

export const STRETCH_FACTORS: readonly number[] = [0.8, 0.9, 1.0, 1.1, 1.2];

const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** The preset stretched by `factor` as a rhythm lane over a clip of `seconds` (phase 0: bar 1 starts the clip). */
export function presetLane(preset: RhythmPreset, factor: number, seconds: number): RhythmLane {
  const stretched = preset.tempo.map((p) => ({ t: r3(p.t * factor), v: r3(p.v / factor) }));
  const inside = stretched.filter((p) => p.t < seconds);
  // a map that runs past the clip ends at its value there, so every point lies on the timeline
  const tempo = inside.length < stretched.length ? [...inside, { t: seconds, v: r3(sampleCurve(stretched, seconds)) }] : inside;
  return { kind: 'rhythm', tempo, beatsPerBar: preset.beatsPerBar, phase: 0, moved: [], removed: [], added: [], free: [] };
}
