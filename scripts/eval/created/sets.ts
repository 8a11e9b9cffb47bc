/**
 * The full created-controls protocol (paper App. D.3) as evaluation cases: 24 intensity curves,
 * 36 valence × arousal pairs, 20 rhythm presets, 20 melodies with their chords — 100 cases, each
 * a project's lanes (the engine's lane types, so `encodeLanes` turns them into controls exactly
 * as the studio would) over one clip length. A case draws only its own set's lanes and leaves the
 * rest to the model, as the paper evaluates one control at a time; a melody case also draws the
 * tune's beat grid and chords, which the melody's timing and harmony imply.
 */
import { normaliseLabel, parseKey, prefersFlats } from '../../../src/engine/harmony/symbols.ts';
import { emptyLanes, type Lanes } from '../../../src/engine/project/lanes.ts';
import type { CurvePoint, RhythmLane } from '../../../src/engine/project/types.ts';
import { beatTimes } from '../../../src/engine/rhythm/beatgrid.ts';
import { emotionCurves, intensityCurves } from './curves.ts';
import { melodies, type Melody } from './melodies.ts';
import { RHYTHM_PRESETS, STRETCH_FACTORS, presetLane } from './rhythm-presets.ts';

export const CREATED_SETS = ['intensity', 'emotion', 'rhythm', 'melody'] as const;
export type CreatedSet = (typeof CREATED_SETS)[number];

export interface EvalCase {
  /** `<set>/<what>`, unique: "intensity/tanh-flipped-9db", "rhythm/steady-4-75-x0.8". */
  readonly name: string;
  readonly set: CreatedSet;
  /** What the per-set breakdown groups by: the shape, the emotion ranges, the preset, the tune. */
  readonly group: string;
  readonly seconds: number;
  readonly lanes: Lanes;
  /** Cut times (s) of the video this case stands for; empty when it has none. */
  readonly cuts: readonly number[];
}

/** The paper's clip length for every created control. */
export const CREATED_SECONDS = 10;

const curveLane = (points: readonly CurvePoint[]) => ({ kind: 'curve' as const, points, free: [] });
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

function intensityCases(seconds: number): EvalCase[] {
  const base = emptyLanes();
  return intensityCurves(seconds).map((c) => ({
    name: `intensity/${c.name}`, set: 'intensity', group: `${c.shape}${c.flipped ? ' flipped' : ''}`, seconds, cuts: [],
    lanes: { ...base, intensity: curveLane(c.points) },
  }));
}

function emotionCases(seconds: number): EvalCase[] {
  const base = emptyLanes();
  const curves = emotionCurves(seconds);
  return curves.flatMap((v) => curves.map((a) => ({
    name: `emotion/v-${v.name}+a-${a.name}`, set: 'emotion' as const, group: `valence ${v.range}, arousal ${a.range}`, seconds, cuts: [],
    lanes: { ...base, valence: curveLane(v.points), arousal: curveLane(a.points) },
  })));
}

/** Downbeats after the clip's start: a video cut on every bar, for the cuts-on-beats metric. */
const barCuts = (lane: RhythmLane, seconds: number) => beatTimes(lane, seconds).filter((b) => b.downbeat && b.t > 0).map((b) => r4(b.t));

function rhythmCases(seconds: number): EvalCase[] {
  const base = emptyLanes();
  return RHYTHM_PRESETS.flatMap((p) => STRETCH_FACTORS.map((f) => {
    const rhythm = presetLane(p, f, seconds);
    return { name: `rhythm/${p.id}-x${f.toFixed(1)}`, set: 'rhythm' as const, group: p.id, seconds, cuts: barCuts(rhythm, seconds), lanes: { ...base, rhythm } };
  }));
}

/** A tune's first `seconds` as melody, harmony and rhythm lanes (pitch classes: the lane has no octave). */
export function melodyLanes(m: Melody, seconds: number): Lanes {
  const base = emptyLanes();
  const spb = 60 / m.tempo;
  const notes = m.notes.filter((n) => n.start * spb < seconds).map((n, i) => ({
    id: `n${i + 1}`, start: r4(n.start * spb), end: r4(Math.min(seconds, (n.start + n.length) * spb)), pitch: n.pitch % 12,
  }));
  const flats = prefersFlats(parseKey(m.key));
  const chords = m.chords.filter((c) => c.start * spb < seconds).map((c, i) => ({
    id: `c${i + 1}`, start: r4(c.start * spb), end: r4(Math.min(seconds, (c.start + c.length) * spb)), label: normaliseLabel(c.label, flats),
  }));
  // the pickup's beats come before grid beat 0, the first downbeat
  const rhythm: RhythmLane = { ...base.rhythm, tempo: [{ t: 0, v: m.tempo }], beatsPerBar: m.meter, phase: r4(m.pickup * spb) };
  return { ...base, rhythm, melody: { ...base.melody, notes }, harmony: { ...base.harmony, key: m.key, chords } };
}

function melodyCases(seconds: number): EvalCase[] {
  return melodies().map((m) => ({ name: `melody/${m.id}`, set: 'melody', group: m.id, seconds, cuts: [], lanes: melodyLanes(m, seconds) }));
}

/** Every created-control case over clips of `seconds`, set by set (24 + 36 + 20 + 20). */
export function createdCases(seconds = CREATED_SECONDS): EvalCase[] {
  return [...intensityCases(seconds), ...emotionCases(seconds), ...rhythmCases(seconds), ...melodyCases(seconds)];
}
