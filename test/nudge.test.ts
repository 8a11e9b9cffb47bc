import { describe, expect, it } from 'vitest';
import { nudgeNotes, nudgePoints } from '../src/engine/project/nudge.ts';

describe('nudgePoints', () => {
  const pts = [{ t: 1, v: 0 }, { t: 2, v: 0.5 }, { t: 3, v: 0.9 }];
  it('moves the selected points in time and value, clamped to the lane and the timeline', () => {
    expect(nudgePoints(pts, [1], 0.04, 0.02, -1, 1, 10)).toEqual([{ t: 1, v: 0 }, { t: 2.04, v: 0.52 }, { t: 3, v: 0.9 }]);
    expect(nudgePoints(pts, [2], 0, 0.5, -1, 1, 10)[2]).toEqual({ t: 3, v: 1 });
    expect(nudgePoints(pts, [2], 20, 0, -1, 1, 10)[2].t).toBe(10);
  });
  it('never reorders points: a point stops short of its neighbour, so selected indices stay valid', () => {
    const out = nudgePoints(pts, [0], 5, 0, -1, 1, 10);
    expect(out.map((p) => p.t)[0]).toBeLessThan(2);
    expect(out.length).toBe(3);
  });
  it('moves a block of neighbours together (the leading one first)', () => {
    expect(nudgePoints(pts, [0, 1], 0.5, 0, -1, 1, 10).map((p) => p.t)).toEqual([1.5, 2.5, 3]);
    expect(nudgePoints(pts, [1, 2], -0.5, 0, -1, 1, 10).map((p) => p.t)).toEqual([1, 1.5, 2.5]);
  });
});

describe('nudgeNotes', () => {
  const notes = [{ id: 'a', start: 1, end: 2, pitch: 11 }, { id: 'b', start: 3, end: 4, pitch: 0 }];
  it('moves notes in time and pitch, pitch clamped to 0..11, inside the timeline', () => {
    expect(nudgeNotes(notes, ['a'], 0, 1, 10).find((n) => n.id === 'a')!.pitch).toBe(11);
    expect(nudgeNotes(notes, ['b'], 0, -1, 10).find((n) => n.id === 'b')!.pitch).toBe(0);
    expect(nudgeNotes(notes, ['b'], 0.5, 0, 10).find((n) => n.id === 'b')).toEqual({ id: 'b', start: 3.5, end: 4.5, pitch: 0 });
    expect(nudgeNotes(notes, ['b'], 20, 0, 10).find((n) => n.id === 'b')).toEqual({ id: 'b', start: 9, end: 10, pitch: 0 });
  });
});
