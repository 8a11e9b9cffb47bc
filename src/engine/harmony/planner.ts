/**
 * The harmony planner: proposes a key and chords for the spans of the harmony lane left free,
 * from the other lanes and the picture's cuts. Pure and seeded: the same inputs and seed give the
 * same chords. The rules are in docs/harmony-planner.md; this file only wires the three steps:
 * key (plan-key.ts), when chords change (plan-grid.ts), which chords (plan-chords.ts).
 */
import { isFree, normaliseSpans } from '../curves/spans.ts';
import type { FreeSpan, Lanes, MelodyLane, Seconds } from '../project/types.ts';
import { chooseChords, seededRandom, type Segment } from './plan-chords.ts';
import { changeTimes, gridBeats, type GridBeat } from './plan-grid.ts';
import { chooseKey, curveAt, meanOver, pitchWeights } from './plan-key.ts';
import { chordLabel, keyChords, parseChord, prefersFlats, type Chord, type ChordSegment, type Key } from './symbols.ts';

/** The lanes the planner reads: the project's own, so `project.lanes` can be passed as it is. */
export type PlannerLanes = Pick<Lanes, 'rhythm' | 'melody' | 'valence' | 'arousal'>;

export interface HarmonyPlanInput {
  readonly lanes: PlannerLanes;
  readonly duration: Seconds;
  /** Shot-cut times (s) from the video analysis. */
  readonly cuts: readonly Seconds[];
  /** Where to propose chords. */
  readonly spans: readonly FreeSpan[];
  readonly seed: number;
  /** Chords already on the lane outside the spans: they join the key and the progression. */
  readonly context?: readonly ChordSegment[];
  /** Keep this key instead of choosing one. */
  readonly key?: Key;
}

export interface HarmonyPlan {
  readonly key: Key;
  /** Chords inside the spans only, sorted, spelled for the key. */
  readonly chords: readonly ChordSegment[];
}

/**
 * Melody weight of a note heard on another beat, the middle of the bar, a downbeat (by beat
 * strength), and at a chord's first instant: the downbeat's note is the one a chord must hold.
 */
export const BEAT_WEIGHT = [0.5, 1.5, 4] as const;
export const ONSET_WEIGHT = 4;
/** Per second a note sounds anywhere in the segment: off-beat notes count a little. */
export const HELD_WEIGHT = 0.5;

export function planHarmony(input: HarmonyPlanInput): HarmonyPlan {
  const { lanes, duration, seed } = input;
  const spans = normaliseSpans(input.spans.map((s) => ({ start: Math.max(0, s.start), end: Math.min(duration, s.end) })));
  const context = (input.context ?? []).filter((c) => !spans.some((s) => c.start < s.end && c.end > s.start));
  const random = seededRandom(seed);
  const key = input.key ?? chooseKey(meanOver(lanes.valence, spans), pitchWeights(lanes.melody, context), random());
  const { beats, beatsPerBar } = gridBeats(lanes.rhythm, duration);
  const arousalAt = (t: Seconds) => curveAt(lanes.arousal, t) ?? 0;
  // The key's own chords in its spelling; chords from outside it (Bb in C) as lead sheets write them.
  const scale = keyChords(key).map((c) => c.root);
  const spell = (c: Chord) => chordLabel(c, scale.includes(c.root) ? prefersFlats(key) : undefined);
  const chords: ChordSegment[] = [];
  spans.forEach((span, i) => {
    const { times, cuts } = changeTimes(span, beats, beatsPerBar, arousalAt, input.cuts);
    const segments: Segment[] = [];
    for (let k = 0; k + 1 < times.length; k++) {
      const start = times[k], end = times[k + 1];
      segments.push({
        start, end,
        atCut: cuts.has(start) || (k === 0 && input.cuts.some((c) => Math.abs(c - start) < 1e-6)),
        valence: curveAt(lanes.valence, (start + end) / 2) ?? 0,
        melody: melodyWeights(lanes.melody, beats, start, end),
      });
    }
    const picked = chooseChords(key, segments, {
      before: chordAt(context, span.start, 'before'),
      after: chordAt(context, span.end, 'after'),
      opens: span.start < 1e-6 || !context.some((c) => c.end <= span.start + 1e-6),
      closes: span.end > duration - 1e-6,
    }, (seed * 31 + i) >>> 0);
    segments.forEach((s, k) => {
      const label = spell(picked[k]);
      const last = chords[chords.length - 1];
      // The same chord twice in a row (allowed away from cuts) is one block.
      if (last && last.label === label && Math.abs(last.end - s.start) < 1e-9 && !s.atCut) chords[chords.length - 1] = { ...last, end: s.end };
      else chords.push({ start: s.start, end: s.end, label });
    });
  });
  return { key, chords };
}

/** The chord of the context segment that ends (before) or starts (after) at t. */
function chordAt(context: readonly ChordSegment[], t: Seconds, side: 'before' | 'after'): Chord | null | undefined {
  const c = context.find((x) => Math.abs((side === 'before' ? x.end : x.start) - t) < 1e-3);
  return c ? parseChord(c.label) : undefined;
}

/** Pitch class → weight of the melody in [start, end): notes on its beats by strength, its first instant, held time. */
export function melodyWeights(melody: MelodyLane, beats: readonly GridBeat[], start: Seconds, end: Seconds): Map<number, number> {
  const w = new Map<number, number>();
  const add = (pc: number, x: number) => w.set(pc, (w.get(pc) ?? 0) + x);
  const given = melody.notes.filter((n) => n.end > start && n.start < end && !isFree(melody.free, n.start));
  const at = (t: Seconds) => given.find((n) => t >= n.start && t < n.end);
  const onset = at(start);
  if (onset) add(onset.pitch, ONSET_WEIGHT);
  for (const b of beats) {
    if (b.t <= start + 1e-6 || b.t >= end) continue;
    const n = at(b.t);
    if (n) add(n.pitch, BEAT_WEIGHT[b.strength]);
  }
  for (const n of given) add(n.pitch, HELD_WEIGHT * (Math.min(end, n.end) - Math.max(start, n.start)));
  return w;
}

/** Where the lane has nothing to say: its free spans and the gaps between its chords (≥ min s). */
export function spansToFill(chords: readonly ChordSegment[], free: readonly FreeSpan[], duration: Seconds, min = 0.1): FreeSpan[] {
  const gaps: FreeSpan[] = [];
  let t = 0;
  for (const c of [...chords].sort((a, b) => a.start - b.start)) {
    if (c.start - t >= min) gaps.push({ start: t, end: c.start });
    t = Math.max(t, c.end);
  }
  if (duration - t >= min) gaps.push({ start: t, end: duration });
  return normaliseSpans([...free, ...gaps]).map((s) => ({ start: Math.max(0, s.start), end: Math.min(duration, s.end) })).filter((s) => s.end - s.start >= min);
}

/** The lane's chords with the spans cleared (a chord across a span's edge is trimmed to it). */
export function outsideSpans<T extends ChordSegment>(chords: readonly T[], spans: readonly FreeSpan[]): T[] {
  let out = chords.slice();
  for (const s of spans) {
    out = out.flatMap((c): T[] => {
      if (c.end <= s.start || c.start >= s.end) return [c];
      const parts: T[] = [];
      if (c.start < s.start) parts.push({ ...c, end: s.start });
      // Two parts of one block need two ids (blocks.ts names the second part `<id>b` too).
      if (c.end > s.end) parts.push({ ...c, start: s.end, ...(parts.length && 'id' in c ? { id: `${String(c.id)}b` } : {}) });
      return parts;
    });
  }
  return out;
}
