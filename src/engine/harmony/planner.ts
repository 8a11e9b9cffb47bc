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
  // Each key's own chords in its spelling; chords from outside it (Bb in C) as lead sheets write them.
  const speller = (k: Key) => {
    const scale = keyChords(k).map((c) => c.root);
    return (c: Chord) => chordLabel(c, scale.includes(c.root) ? prefersFlats(k) : undefined);
  };
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
    // Where the mood turns (valence crossing zero and staying there), the plan turns to the parallel
    // mode: one run of segments per region, each planned in its own key, joined chord to chord.
    const regions = moodRegions(lanes, span, key);
    const opens = span.start < 1e-6 || !context.some((c) => c.end <= span.start + 1e-6);
    let before = chordAt(context, span.start, 'before');
    let from = 0;
    regions.forEach((region, r) => {
      const last = r === regions.length - 1;
      let to = from;
      while (to < segments.length && (last || (segments[to].start + segments[to].end) / 2 < region.end)) to++;
      const drawn = segments.slice(from, to);
      from = to;
      if (drawn.length === 0) return;
      // lift: each segment's valence against the region's mean, weighted by duration
      const mean = drawn.reduce((a, s) => a + s.valence * (s.end - s.start), 0) / drawn.reduce((a, s) => a + s.end - s.start, 0);
      // Only where the mode holds for the whole span: across a turn of mode the turn itself carries the
      // change, and lift would blur it (the end of the bright region darkening towards the dark one).
      const run = drawn.map((s) => ({ ...s, lift: regions.length > 1 || curveAt(lanes.valence, (s.start + s.end) / 2) === null ? 0 : s.valence - mean }));
      const picked = chooseChords(region.key, run, {
        before,
        after: last ? chordAt(context, span.end, 'after') : undefined,
        // a new mood opens on its own tonic: the turn to the parallel mode is heard as one (C → Cm)
        opens: r > 0 || opens,
        closes: last && span.end > duration - 1e-6,
      }, (seed * 31 + i + 7919 * r) >>> 0);
      const spell = speller(region.key);
      run.forEach((s, k) => {
        const label = spell(picked[k]);
        const prev = chords[chords.length - 1];
        // The same chord twice in a row (allowed away from cuts) is one block.
        if (prev && prev.label === label && Math.abs(prev.end - s.start) < 1e-9 && !s.atCut) chords[chords.length - 1] = { ...prev, end: s.end };
        else chords.push({ start: s.start, end: s.end, label });
      });
      before = picked[picked.length - 1];
    });
  });
  return { key, chords };
}

/** Valence beyond this (either way) says the mode of a mood region; nearer zero it says nothing. */
export const MOOD_VALENCE = 0.15;
/** A mood region shorter than this joins its neighbour: a mode held for less is not heard as one. */
export const MOOD_MIN_SECONDS = 3;

export interface MoodRegion { readonly start: Seconds; readonly end: Seconds; readonly key: Key }

/**
 * The span cut where the drawn valence changes sign and holds (|v| > MOOD_VALENCE, ≥
 * MOOD_MIN_SECONDS): each region gets the plan's tonic in the mode of its valence (one region when
 * it never changes side: the plan's key, or its parallel when the plan's mode came from elsewhere).
 * One region in the plan's key when valence says nothing there, or the span has the melody's own
 * notes (the tune has a mode of its own, and the key was chosen to hold it).
 */
export function moodRegions(lanes: PlannerLanes, span: FreeSpan, key: Key): MoodRegion[] {
  const whole = [{ start: span.start, end: span.end, key }];
  if (lanes.melody.notes.some((n) => n.end > span.start && n.start < span.end && !isFree(lanes.melody.free, n.start))) return whole;
  const step = 0.25;
  const marks: { t: Seconds; v: number; mode: Key['mode'] | null }[] = [];
  for (let t = span.start; t < span.end; t += step) {
    const v = curveAt(lanes.valence, Math.min(span.end, t + step / 2));
    marks.push({ t, v: v ?? 0, mode: v === null || Math.abs(v) <= MOOD_VALENCE ? null : v > 0 ? 'major' : 'minor' });
  }
  if (!marks.some((m) => m.mode)) return whole;
  // An undecided stretch (valence near zero or not drawn) takes its neighbours' mode; between two
  // different ones it splits where the curve crosses zero.
  const decided = marks.map((m) => m.mode);
  const prevMode: (Key['mode'] | null)[] = [], nextMode: (Key['mode'] | null)[] = [];
  for (let j = 0, last: Key['mode'] | null = null; j < marks.length; j++) prevMode[j] = last = decided[j] ?? last;
  for (let j = marks.length - 1, last: Key['mode'] | null = null; j >= 0; j--) nextMode[j] = last = decided[j] ?? last;
  const runs: { start: Seconds; end: Seconds; mode: Key['mode'] }[] = [];
  marks.forEach((m, j) => {
    const a = prevMode[j], b = nextMode[j];
    const mode: Key['mode'] = m.mode ?? (a && b && a !== b ? (m.v > 0 ? 'major' : m.v < 0 ? 'minor' : a) : (a ?? b)!);
    const last = runs[runs.length - 1];
    if (last && last.mode === mode) last.end = Math.min(span.end, m.t + step);
    else runs.push({ start: m.t, end: Math.min(span.end, m.t + step), mode });
  });
  // Short runs join the longer neighbour, shortest first, until every run is long enough.
  while (runs.length > 1) {
    let k = 0;
    for (let j = 1; j < runs.length; j++) if (runs[j].end - runs[j].start < runs[k].end - runs[k].start) k = j;
    if (runs[k].end - runs[k].start >= MOOD_MIN_SECONDS) break;
    const left = runs[k - 1], right = runs[k + 1];
    const into = !right || (left && left.end - left.start >= right.end - right.start) ? left : right;
    into.start = Math.min(into.start, runs[k].start);
    into.end = Math.max(into.end, runs[k].end);
    runs.splice(k, 1);
    for (let j = runs.length - 1; j > 0; j--) {
      if (runs[j].mode === runs[j - 1].mode) { runs[j - 1].end = runs[j].end; runs.splice(j, 1); }
    }
  }
  runs[0].start = span.start;
  runs[runs.length - 1].end = span.end;
  return runs.map((r) => ({ start: r.start, end: r.end, key: r.mode === key.mode ? key : { tonic: key.tonic, mode: r.mode } }));
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
