/** The store action other features use to write chords for a span: one undo step, labels checked. */
import { beforeEach, describe, expect, it } from 'vitest';
import { setHarmonyForSpan } from '../../src/ui/store/harmony.ts';
import { editLane, resetStudio, undoEdit, useStudio } from '../../src/ui/store/studio.ts';

const harmony = () => useStudio.getState().project.lanes.harmony;

describe('setHarmonyForSpan', () => {
  beforeEach(() => {
    resetStudio();
    editLane('harmony', (l) => ({ ...l, chords: [{ id: 'a', start: 0, end: 8, label: 'C' }], free: [{ start: 2, end: 6 }] }), true);
  });

  it('replaces the span, keeps what lies outside, clears its free span, in one undo step', () => {
    setHarmonyForSpan({ start: 2, end: 6 }, [{ start: 2, end: 4, label: 'am' }, { start: 4, end: 6, label: 'Bb' }], 'F major');
    expect(harmony().key).toBe('F major');
    expect(harmony().chords.map((c) => [c.label, c.start, c.end])).toEqual([['C', 0, 2], ['Am', 2, 4], ['Bb', 4, 6], ['C', 6, 8]]);
    expect(harmony().free).toEqual([]);
    undoEdit();
    expect(harmony().chords).toEqual([{ id: 'a', start: 0, end: 8, label: 'C' }]);
    expect(harmony().free).toEqual([{ start: 2, end: 6 }]);
  });

  it('changes nothing when a label is not a chord', () => {
    const before = harmony();
    expect(() => setHarmonyForSpan({ start: 2, end: 6 }, [{ start: 2, end: 6, label: 'Xm' }])).toThrow('"Xm" is not a chord');
    expect(harmony()).toBe(before);
  });
});
