/**
 * Store actions on the harmony lane that other features call: the chords of a span (a proposal,
 * e.g. "Propose chords") in one undo step. Labels are checked and spelled for the lane's key.
 */
import { subtractSpan } from '../../engine/curves/spans.ts';
import { setChordsInSpan, type ChordBlock } from '../../engine/harmony/blocks.ts';
import { keyLabel, normaliseLabel, parseKey, prefersFlats } from '../../engine/harmony/symbols.ts';
import { newId } from '../../engine/project/create.ts';
import type { Seconds } from '../../engine/project/types.ts';
import { editLane } from './studio.ts';

export interface ChordInSpan {
  readonly start: Seconds;
  readonly end: Seconds;
  readonly label: string;
  /** Kept when given; a fresh id otherwise. */
  readonly id?: string;
}

/**
 * Replace the harmony lane's chords in [start, end) with `chords` (clipped to the span) as one
 * undo step. The span then carries an instruction, so it is no longer free; `key` (e.g. "A minor"),
 * when given, becomes the lane's key. Throws the parser's message, changing nothing, when a label
 * or the key is not one.
 */
export function setHarmonyForSpan(span: { start: Seconds; end: Seconds }, chords: readonly ChordInSpan[], key?: string): void {
  editLane('harmony', (lane) => {
    const nextKey = key === undefined ? lane.key : keyLabel(parseKey(key));
    const flats = prefersFlats(parseKey(nextKey));
    const blocks: ChordBlock[] = chords.map((c) => ({ id: c.id ?? newId('c'), start: c.start, end: c.end, label: normaliseLabel(c.label, flats) }));
    return { ...lane, key: nextKey, chords: setChordsInSpan(lane.chords, span, blocks), free: subtractSpan(lane.free, span) };
  }, true);
}

/**
 * Replace the harmony lane's chords in each of `spans` with the chords of `chords` that lie in it,
 * as ONE undo step: those spans carry an instruction and stop being free; free spans elsewhere stay.
 * `key` becomes the lane's key. Chords outside the spans are kept as they are.
 */
export function setHarmonyForSpans(spans: readonly { start: Seconds; end: Seconds }[], chords: readonly ChordInSpan[], key: string): void {
  editLane('harmony', (lane) => {
    const nextKey = keyLabel(parseKey(key));
    const flats = prefersFlats(parseKey(nextKey));
    let next = lane.chords, free = lane.free;
    for (const span of spans) {
      const inside = chords.filter((c) => c.end > span.start && c.start < span.end)
        .map((c): ChordBlock => ({ id: c.id ?? newId('c'), start: Math.max(c.start, span.start), end: Math.min(c.end, span.end), label: normaliseLabel(c.label, flats) }));
      next = setChordsInSpan(next, span, inside);
      free = subtractSpan(free, span);
    }
    return { ...lane, key: nextKey, chords: next, free };
  }, true);
}
