import { describe, expect, it } from 'vitest';
import { deletePoints, drawStroke, insertPoint, movePoint, sampleCurve, shiftPoints, simplify } from '../src/engine/curves/curve.ts';
import { addSpan, isFree, subtractSpan } from '../src/engine/curves/spans.ts';

describe('curves', () => {
  const c = [{ t: 1, v: 0 }, { t: 3, v: 10 }, { t: 4, v: -2 }];

  it('samples linearly between points and holds the ends', () => {
    expect(sampleCurve(c, 0)).toBe(0);
    expect(sampleCurve(c, 2)).toBe(5);
    expect(sampleCurve(c, 3.5)).toBe(4);
    expect(sampleCurve(c, 9)).toBe(-2);
    expect(sampleCurve([], 1)).toBeNaN();
  });

  it('inserts in order, replacing a point at the same time', () => {
    expect(insertPoint(c, { t: 2, v: 7 })).toEqual({ points: [c[0], { t: 2, v: 7 }, c[1], c[2]], index: 1 });
    expect(insertPoint(c, { t: 3.001, v: 1 }).points).toEqual([c[0], { t: 3.001, v: 1 }, c[2]]);
  });

  it('keeps a dragged point between its neighbours', () => {
    expect(movePoint(c, 1, 9, 4)[1]).toEqual({ t: 3.995, v: 4 });
    expect(movePoint(c, 1, 0, 4)[1]).toEqual({ t: 1.005, v: 4 });
    expect(c[1]).toEqual({ t: 3, v: 10 }); // input untouched
  });

  it('replaces the span a freehand stroke covers and keeps the rest', () => {
    const base = [{ t: 0, v: 0 }, { t: 2, v: 0 }, { t: 5, v: 0 }, { t: 9, v: 0 }];
    const out = drawStroke(base, [{ t: 1, v: 1 }, { t: 3, v: 2 }, { t: 6, v: 3 }]);
    expect(out).toEqual([{ t: 0, v: 0 }, { t: 1, v: 1 }, { t: 3, v: 2 }, { t: 6, v: 3 }, { t: 9, v: 0 }]);
  });

  it('thins a straight stroke to its ends but keeps corners', () => {
    const line = Array.from({ length: 50 }, (_, i) => ({ t: i / 10, v: i / 10 }));
    expect(simplify(line, 0.01)).toEqual([line[0], line[49]]);
    const vee = [...line.slice(0, 25), ...line.slice(25).map((p) => ({ t: p.t, v: 4.8 - p.v }))];
    expect(simplify(vee, 0.01)).toEqual([vee[0], vee[24], vee[49]]);
  });

  it('deletes and shifts selections', () => {
    expect(deletePoints(c, [0, 2])).toEqual([c[1]]);
    expect(shiftPoints(c, [0, 1], 0.5, 20, -18, 18)).toEqual([{ t: 1.5, v: 18 }, { t: 3.5, v: 18 }, { t: 4, v: -2 }]);
  });
});

describe('free spans', () => {
  it('merges overlapping spans and splits on subtraction', () => {
    let s = addSpan([], { start: 1, end: 3 });
    s = addSpan(s, { start: 2, end: 5 });
    s = addSpan(s, { start: 7, end: 8 });
    expect(s).toEqual([{ start: 1, end: 5 }, { start: 7, end: 8 }]);
    s = subtractSpan(s, { start: 2, end: 2.5 });
    expect(s).toEqual([{ start: 1, end: 2 }, { start: 2.5, end: 5 }, { start: 7, end: 8 }]);
    expect(isFree(s, 2.2)).toBe(false);
    expect(isFree(s, 4.9)).toBe(true);
  });
});
