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
  setHarmonyForSpans([span], chords, key);
}

/**
 * setHarmonyForSpan over several spans as ONE undo step: in each span the chords of `chords` that lie
 * in it (clipped to it) replace what was there, and it stops being free; free spans elsewhere stay,
 * and so do chords outside the spans.
 */
export function setHarmonyForSpans(spans: readonly { start: Seconds; end: Seconds }[], chords: readonly ChordInSpan[], key?: string): void {
  editLane('harmony', (lane) => {
    const nextKey = key === undefined ? lane.key : keyLabel(parseKey(key));
    const flats = prefersFlats(parseKey(nextKey));
    const blocks: ChordBlock[] = chords.map((c) => ({ id: c.id ?? newId('c'), start: c.start, end: c.end, label: normaliseLabel(c.label, flats) }));
    return {
      ...lane, key: nextKey,
      chords: spans.reduce((acc, span) => setChordsInSpan(acc, span, blocks), lane.chords),
      free: spans.reduce((free, span) => subtractSpan(free, span), lane.free),
    };
  }, true);
}
