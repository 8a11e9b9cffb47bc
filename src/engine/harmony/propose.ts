/**
 * The planner applied to a harmony lane: "Propose chords" (fill what the lane leaves open) and the
 * harmony proposal of the video analysis (a whole lane from the picture's own proposals). Both
 * return a new lane value; the studio stores it as one undo step.
 */
import { subtractSpan } from '../curves/spans.ts';
import type { CurveLane, FreeSpan, MelodyLane, Seconds } from '../project/types.ts';
import { curveAt } from './plan-key.ts';
import type { VideoProposals } from '../video/proposals.ts';
import { outsideSpans, planHarmony, spansToFill, type PlannerLanes } from './planner.ts';
import { keyLabel, parseKey, type ChordSegment, type Key } from './symbols.ts';

/** The parts of a harmony lane the planner reads and writes (structurally the lane itself). */
export interface HarmonyLaneLike<C extends ChordSegment & { readonly id: string }> {
  readonly key: string;
  readonly chords: readonly C[];
  readonly free: readonly FreeSpan[];
}

export interface Proposal<C extends ChordSegment & { readonly id: string }> {
  readonly lane: HarmonyLaneLike<C>;
  /** The spans that were filled (empty: nothing was left open). */
  readonly spans: readonly FreeSpan[];
  readonly added: number;
}

/** A seed from the project and the spans: the same project and spans propose the same chords. */
export function proposalSeed(projectId: string, spans: readonly FreeSpan[]): number {
  let h = 2166136261; // FNV-1a
  const text = `${projectId}|${spans.map((s) => `${s.start.toFixed(3)}-${s.end.toFixed(3)}`).join(',')}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Ids not already on the lane: `<prefix>1`, `<prefix>2`, … */
function freshIds(taken: Iterable<string>, prefix: string, n: number): string[] {
  const used = new Set(taken);
  const out: string[] = [];
  for (let k = 1; out.length < n; k++) if (!used.has(`${prefix}${k}`)) out.push(`${prefix}${k}`);
  return out;
}

/**
 * "Propose chords": the lane's free spans and the gaps between its chords get the planner's
 * chords, and are no longer free (they now carry an instruction). Chords outside those spans stay
 * as they are; so does the lane's key when such chords exist (they were written in it), otherwise
 * the key becomes the planner's.
 */
export function proposeChords<C extends ChordSegment & { readonly id: string }>(
  lane: HarmonyLaneLike<C>, lanes: PlannerLanes, duration: Seconds, cuts: readonly Seconds[], seed: number,
  only?: readonly FreeSpan[],
): Proposal<C | (ChordSegment & { id: string })> {
  const spans = only ?? spansToFill(lane.chords, lane.free, duration);
  if (spans.length === 0) return { lane, spans, added: 0 };
  const kept = outsideSpans(lane.chords, spans);
  const key: Key | undefined = kept.length ? parseKey(lane.key) : undefined;
  const plan = planHarmony({ lanes, duration, cuts, spans, seed, context: kept, key });
  const ids = freshIds(lane.chords.map((c) => c.id), 'p', plan.chords.length);
  const added = plan.chords.map((c, i) => ({ id: ids[i], start: c.start, end: c.end, label: c.label }));
  return {
    lane: { ...lane, key: keyLabel(plan.key), chords: [...kept, ...added].sort((a, b) => a.start - b.start), free: only ? spans.reduce((f, s) => subtractSpan(f, s), lane.free) : [] },
    spans,
    added: added.length,
  };
}

/**
 * "Chords from the mood" (Generate): the harmony lane's open spans (spansToFill) where the valence
 * lane is drawn, clipped to the drawn stretch. The model alone hardly ties the mode to a drawn
 * valence (created emotion set: valence PCC 0.14, docs/evaluation.md), while the planner turns a
 * mood into a mode and chord colours (planner.ts moodRegions, plan-chords.ts lift) that the model
 * follows as chords; spans with no valence are left to the model.
 */
export function moodSpans(lane: HarmonyLaneLike<ChordSegment & { readonly id: string }>, valence: CurveLane, duration: Seconds, min = 1): FreeSpan[] {
  if (valence.points.length === 0) return [];
  const out: FreeSpan[] = [];
  for (const span of spansToFill(lane.chords, lane.free, duration)) {
    // stretches where valence is drawn, read every 0.25 s; each one closes where the lane stops saying anything
    let start: number | null = null;
    const close = (end: Seconds) => {
      if (start !== null && end - start >= min) out.push({ start, end });
      start = null;
    };
    for (let t = span.start; t < span.end; t += 0.25) {
      if (curveAt(valence, t) !== null) start ??= t;
      else close(t);
    }
    close(span.end);
  }
  return out;
}

/**
 * "Chords from the mood" as one proposal: the planner's chords in `moodSpans`, seeded by `id` (the
 * project's, or a case's name) and the spans. Nothing to plan: the lane back, `added` 0.
 */
export function proposeMoodChords<C extends ChordSegment & { readonly id: string }>(
  lane: HarmonyLaneLike<C>, lanes: PlannerLanes, duration: Seconds, cuts: readonly Seconds[], id: string,
): Proposal<C | (ChordSegment & { id: string })> {
  const spans = moodSpans(lane, lanes.valence, duration);
  return proposeChords(lane, lanes, duration, cuts, proposalSeed(id, spans), spans);
}

const NO_MELODY: MelodyLane = { kind: 'melody', notes: [], free: [] };

/** A harmony lane as the picture proposes it (structurally the lane's own type). */
export interface PictureHarmony {
  readonly kind: 'harmony';
  readonly key: string;
  readonly chords: readonly (ChordSegment & { readonly id: string })[];
  readonly free: readonly FreeSpan[];
}

/**
 * The harmony the picture proposes: the planner over the whole clip with the analysis' own rhythm,
 * valence and arousal proposals and its cuts (no melody: the picture has none). Seed 1, so the same
 * clip always proposes the same chords. Shaped as the lane spec's `fromPicture` answers.
 */
export function harmonyFromPicture(p: VideoProposals, duration: Seconds): { lane: PictureHarmony; summary: string } {
  const lanes: PlannerLanes = { rhythm: p.rhythm, melody: NO_MELODY, valence: p.valence, arousal: p.arousal };
  const cuts = p.cuts.map((c) => c.t);
  const plan = planHarmony({ lanes, duration, cuts, spans: duration > 0 ? [{ start: 0, end: duration }] : [], seed: 1 });
  const onCuts = cuts.filter((t) => plan.chords.some((c) => Math.abs(c.start - t) < 1e-6)).length;
  const chords = plan.chords.map((c, i) => ({ id: `pic-c${i + 1}`, start: c.start, end: c.end, label: c.label }));
  const n = chords.length;
  const key = keyLabel(plan.key);
  const first = chords.slice(0, 4).map((c) => c.label).join(' ') + (n > 4 ? ' …' : '');
  return {
    lane: { kind: 'harmony', key, chords, free: [] },
    summary: `${key}: ${n} chord${n === 1 ? '' : 's'} (${first}), a change on ${onCuts} of ${cuts.length} cut${cuts.length === 1 ? '' : 's'}`,
  };
}
