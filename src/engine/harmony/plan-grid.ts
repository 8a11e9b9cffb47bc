/**
 * Where the planner's chords change (docs/harmony-planner.md, "When chords change"): on the rhythm
 * lane's beat grid, as often as arousal asks (two bars when calm … every beat when excited), and
 * at every shot cut inside the span.
 */
import { beatTimes, type Beat } from '../rhythm/beatgrid.ts';
import type { FreeSpan, RhythmLane, Seconds } from '../project/types.ts';

/** 2 = downbeat, 1 = the middle of the bar (even meters and 5, 7), 0 = any other beat. */
export type Strength = 0 | 1 | 2;

export interface GridBeat {
  readonly t: Seconds;
  readonly strength: Strength;
}

/** How often chords change at an arousal level: beats per chord and the weakest beat it may land on. */
export interface HarmonicRhythm {
  readonly name: 'two bars' | 'bar' | 'half bar' | 'beat';
  readonly beats: number;
  readonly strength: Strength;
}

/** Arousal thresholds between the four harmonic rhythms. */
export const AROUSAL_LEVELS = [-0.4, 0.3, 0.7] as const;

/** The grid used when the rhythm lane has no tempo: 120 BPM in 4/4 from 0 s. */
export const NOMINAL_BPM = 120;
const NOMINAL_METER = 4;

/** A cut this close to a grid change moves the change onto the cut (s; also ≤ half a beat). */
export const CUT_SNAP_S = 0.25;
/** No chord shorter than this (s), except where a cut and the grid leave no choice. */
export const MIN_CHORD_S = 0.3;

export function harmonicRhythm(arousal: number, beatsPerBar: number): HarmonicRhythm {
  const [calm, busy, excited] = AROUSAL_LEVELS;
  if (arousal < calm) return { name: 'two bars', beats: 2 * beatsPerBar, strength: 2 };
  // 3/4 has no middle of the bar: its half-bar level stays a bar.
  if (arousal < busy || (arousal < excited && beatsPerBar === 3)) return { name: 'bar', beats: beatsPerBar, strength: 2 };
  if (arousal < excited) return { name: 'half bar', beats: Math.floor(beatsPerBar / 2), strength: 1 };
  return { name: 'beat', beats: 1, strength: 0 };
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/** The rhythm lane's beats with their strength; a nominal grid when it has no tempo. */
export function gridBeats(rhythm: RhythmLane, duration: Seconds): { beats: GridBeat[]; beatsPerBar: number } {
  const given = rhythm.tempo.length > 0;
  const meter = given ? Math.max(1, rhythm.beatsPerBar) : NOMINAL_METER;
  const beats: readonly Beat[] = given
    ? beatTimes(rhythm, duration)
    : Array.from({ length: Math.ceil((duration * NOMINAL_BPM) / 60) }, (_, k) => ({ t: (k * 60) / NOMINAL_BPM, downbeat: k % meter === 0, index: k }));
  const middle = meter >= 4 ? Math.floor(meter / 2) : -1;
  return {
    beatsPerBar: meter,
    beats: beats.filter((b) => b.t < duration).map((b) => ({
      t: b.t,
      strength: b.downbeat ? 2 : b.index !== null && mod(b.index, meter) === middle ? 1 : 0,
    })),
  };
}

/**
 * The times a span's chords change, span edges included, sorted. `arousalAt` gives arousal at a
 * time (0 where none is drawn). Each chord lasts the harmonic rhythm of the arousal at its start:
 * it ends on the first beat strong enough for that rhythm once enough beats have passed (a chord
 * that starts off that grid, e.g. mid-bar, ends on the first such beat at least a beat away).
 * Then every cut inside the span becomes a change: it takes the place of a change within
 * CUT_SNAP_S, or is added, and changes left closer than MIN_CHORD_S to a cut or an edge go.
 */
export function changeTimes(span: FreeSpan, beats: readonly GridBeat[], beatsPerBar: number, arousalAt: (t: Seconds) => number,
  cuts: readonly Seconds[]): { times: Seconds[]; cuts: Set<Seconds> } {
  const inside = beats.filter((b) => b.t > span.start + 1e-6 && b.t < span.end - 1e-6);
  const period = beats.length > 1 ? (beats[beats.length - 1].t - beats[0].t) / (beats.length - 1) : 60 / NOMINAL_BPM;
  const times: Seconds[] = [span.start];
  let start = span.start;
  // Strength of the beat the current chord started on (−1: off the grid, e.g. a span's edge).
  let startStrength = beats.find((b) => Math.abs(b.t - span.start) < 1e-6)?.strength ?? -1;
  let passed = 0;
  for (const b of inside) {
    passed++;
    const rhythm = harmonicRhythm(arousalAt(start), beatsPerBar);
    if (b.strength < rhythm.strength) continue;
    // A chord that started off this rhythm's grid (mid-bar, or where a faster rhythm left off) joins it.
    const due = startStrength >= rhythm.strength ? passed >= rhythm.beats : b.t - start >= 0.9 * period;
    if (!due) continue;
    times.push(b.t);
    start = b.t;
    startStrength = b.strength;
    passed = 0;
  }
  times.push(span.end);
  return placeCuts(times, cuts.filter((c) => c > span.start + 1e-6 && c < span.end - 1e-6), Math.min(CUT_SNAP_S, period / 2));
}

/** Cuts into a list of change times (first and last are the span's edges and stay). */
function placeCuts(grid: readonly Seconds[], cuts: readonly Seconds[], snap: number): { times: Seconds[]; cuts: Set<Seconds> } {
  const edges = [grid[0], grid[grid.length - 1]];
  const kept = new Set<Seconds>();
  let times = grid.slice(1, -1);
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c - edges[0] < MIN_CHORD_S || edges[1] - c < MIN_CHORD_S) continue; // too near an edge to hold a chord
    if ([...kept].some((k) => Math.abs(k - c) < MIN_CHORD_S)) continue; // two cuts in a blink: the first one
    const near = times.findIndex((t) => Math.abs(t - c) <= snap);
    if (near >= 0) times.splice(near, 1);
    kept.add(c);
    times.push(c);
  }
  times.sort((a, b) => a - b);
  // Grid changes too close to a cut or an edge would leave a chord nobody can hear.
  const fixed = [...edges, ...kept];
  times = times.filter((t) => kept.has(t) || fixed.every((f) => Math.abs(f - t) >= MIN_CHORD_S));
  return { times: [edges[0], ...times, edges[1]], cuts: kept };
}
