/**
 * Single-beat edits on the rhythm lane: a grid beat that is moved is recorded in `moved` (by its
 * grid index), a removed one in `removed`; beats added by hand live in `added` as plain times.
 * The lane keeps its tempo map, so the rest of the grid never shifts under a hand edit.
 */
import type { RhythmLane, Seconds } from '../project/types.ts';
import type { Beat } from './beatgrid.ts';

/** Move one beat to t. `addedIndex` is the beat's place in `added` when it was added by hand. */
export function moveBeat(lane: RhythmLane, beat: Beat, addedIndex: number, t: Seconds): RhythmLane {
  if (beat.index === null) {
    const added = lane.added.slice();
    added[addedIndex] = t;
    return { ...lane, added };
  }
  return { ...lane, moved: [...lane.moved.filter((m) => m.index !== beat.index), { index: beat.index, t }] };
}

export function removeBeat(lane: RhythmLane, beat: Beat): RhythmLane {
  if (beat.index === null) return { ...lane, added: lane.added.filter((a) => Math.abs(a - beat.t) > 1e-9) };
  return { ...lane, removed: [...lane.removed, beat.index], moved: lane.moved.filter((m) => m.index !== beat.index) };
}

export function addBeat(lane: RhythmLane, t: Seconds): RhythmLane {
  return { ...lane, added: [...lane.added, t] };
}

/** Where `beat` sits in `added` (−1 for a grid beat). */
export function addedIndexOf(lane: RhythmLane, beat: Beat): number {
  return beat.index === null ? lane.added.findIndex((a) => Math.abs(a - beat.t) < 1e-9) : -1;
}
