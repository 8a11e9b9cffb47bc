/**
 * Piecewise-linear curves: sampling and the edits a person makes on a lane (drag a point,
 * freehand draw, delete a selection). Every edit returns a new sorted curve; inputs are never
 * mutated, so old curves stay valid in undo history.
 */
import type { Curve, CurvePoint, Seconds } from '../project/types.ts';

export function clamp(v: number, min: number, max: number): number {
  return v < min ? min : v > max ? max : v;
}

/** Value at time t: linear between points, held flat before the first and after the last. */
export function sampleCurve(points: Curve, t: Seconds): number {
  const n = points.length;
  if (n === 0) return NaN;
  if (t <= points[0].t) return points[0].v;
  if (t >= points[n - 1].t) return points[n - 1].v;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t <= t) lo = mid;
    else hi = mid;
  }
  const a = points[lo];
  const b = points[hi];
  return a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t);
}

/** Minimum spacing between two points of one curve; closer points merge. */
export const MIN_POINT_GAP = 0.005;

/** Add (or replace, when one is within MIN_POINT_GAP) a point; returns the new curve and its index. */
export function insertPoint(points: Curve, p: CurvePoint): { points: Curve; index: number } {
  const out = points.filter((q) => Math.abs(q.t - p.t) >= MIN_POINT_GAP);
  let i = 0;
  while (i < out.length && out[i].t < p.t) i++;
  out.splice(i, 0, p);
  return { points: out, index: i };
}

/**
 * Move point `index` to (t, v). It cannot pass its neighbours (a drag never reorders points),
 * so the index stays valid for the rest of the drag.
 */
export function movePoint(points: Curve, index: number, t: Seconds, v: number): Curve {
  if (index < 0 || index >= points.length) return points;
  const lo = index > 0 ? points[index - 1].t + MIN_POINT_GAP : 0;
  const hi = index < points.length - 1 ? points[index + 1].t - MIN_POINT_GAP : Infinity;
  const out = points.slice();
  out[index] = { t: clamp(t, lo, Math.max(lo, hi)), v };
  return out;
}

export function deletePoints(points: Curve, indices: Iterable<number>): Curve {
  const drop = new Set(indices);
  return points.filter((_, i) => !drop.has(i));
}

/** Indices of the points with start <= t <= end. */
export function pointsInRange(points: Curve, start: Seconds, end: Seconds): number[] {
  const out: number[] = [];
  points.forEach((p, i) => {
    if (p.t >= start && p.t <= end) out.push(i);
  });
  return out;
}

/**
 * Freehand drawing: the stroke's samples replace whatever the curve had between the stroke's
 * first and last time. The stroke is thinned so a drawn line costs a few points, not hundreds:
 * a sample is kept when the line through the kept ones would miss it by more than `tolerance`.
 */
export function drawStroke(points: Curve, stroke: readonly CurvePoint[], tolerance = 0): Curve {
  if (stroke.length === 0) return points;
  const sorted = [...stroke].sort((a, b) => a.t - b.t);
  const dedup: CurvePoint[] = [];
  for (const p of sorted) {
    const last = dedup[dedup.length - 1];
    if (last && p.t - last.t < MIN_POINT_GAP) dedup[dedup.length - 1] = { t: last.t, v: p.v };
    else dedup.push(p);
  }
  const thin = tolerance > 0 ? simplify(dedup, tolerance) : dedup;
  const start = thin[0].t;
  const end = thin[thin.length - 1].t;
  const before = points.filter((p) => p.t < start - MIN_POINT_GAP / 2);
  const after = points.filter((p) => p.t > end + MIN_POINT_GAP / 2);
  return [...before, ...thin, ...after];
}

/** Ramer–Douglas–Peucker on (t, v) with the vertical distance as the error. */
export function simplify(pts: readonly CurvePoint[], tolerance: number): CurvePoint[] {
  if (pts.length <= 2) return pts.slice();
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let worst = -1;
    let worstErr = tolerance;
    for (let i = a + 1; i < b; i++) {
      const f = (pts[i].t - pts[a].t) / (pts[b].t - pts[a].t);
      const err = Math.abs(pts[a].v + f * (pts[b].v - pts[a].v) - pts[i].v);
      if (err > worstErr) {
        worstErr = err;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

/** Shift points by dt (clamped at 0) keeping order; used when moving a selection. */
export function shiftPoints(points: Curve, indices: readonly number[], dt: Seconds, dv: number, min: number, max: number): Curve {
  const sel = new Set(indices);
  const moved = points.map((p, i) => (sel.has(i) ? { t: Math.max(0, p.t + dt), v: clamp(p.v + dv, min, max) } : p));
  // Moving a block can cross unselected points: resolve by letting the moved points win.
  const kept = moved.filter((p, i) => sel.has(i) || !indices.some((j) => Math.abs(moved[j].t - p.t) < MIN_POINT_GAP));
  return kept.sort((a, b) => a.t - b.t);
}
