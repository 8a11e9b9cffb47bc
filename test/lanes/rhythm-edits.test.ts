/** Single-beat edits of the rhythm lane (engine/rhythm/edits.ts): the grid keeps its tempo map. */
import { describe, expect, it } from 'vitest';
import { emptyRhythmLane } from '../../src/engine/project/lanes.ts';
import { beatTimes } from '../../src/engine/rhythm/beatgrid.ts';
import type { RhythmLane } from '../../src/engine/project/types.ts';
import { addBeat, addedIndexOf, moveBeat, removeBeat } from '../../src/engine/rhythm/edits.ts';

const lane: RhythmLane = { ...emptyRhythmLane(), tempo: [{ t: 0, v: 120 }], phase: 0 }; // a beat every 0.5 s
const times = (l: RhythmLane) => beatTimes(l, 3).map((b) => b.t);

describe('beat edits', () => {
  it('moves a grid beat by its index and leaves the rest of the grid', () => {
    const beat = beatTimes(lane, 3)[1];
    expect(times(moveBeat(lane, beat, addedIndexOf(lane, beat), 0.6))).toEqual([0, 0.6, 1, 1.5, 2, 2.5]);
  });

  it('removes a grid beat, and an added one by its time', () => {
    const grid = beatTimes(lane, 3);
    expect(times(removeBeat(lane, grid[2]))).toEqual([0, 0.5, 1.5, 2, 2.5]);
    const added = addBeat(lane, 1.25);
    const extra = beatTimes(added, 3).find((b) => b.index === null)!;
    expect(addedIndexOf(added, extra)).toBe(0);
    expect(times(moveBeat(added, extra, 0, 1.3))).toContain(1.3);
    expect(times(removeBeat(added, extra))).toEqual(times(lane));
  });
});
