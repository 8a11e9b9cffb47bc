/**
 * Moving selected points and notes from the keyboard: by dt seconds and dv value steps, each
 * point kept between its neighbours (as a drag does, so the selection's indices stay valid),
 * inside the timeline and the lane's range. Notes move in time and pitch (clamped to 0..11).
 */
import { clamp, movePoint } from '../curves/curve.ts';
import { moveNote } from '../melody/notes.ts';
import type { Curve, Note, Seconds } from './types.ts';

export function nudgePoints(points: Curve, indices: readonly number[], dt: Seconds, dv: number, min: number, max: number, duration: Seconds): Curve {
  // Move the leading point first, so selected neighbours do not block each other.
  const order = [...indices].sort((a, b) => (dt > 0 ? b - a : a - b));
  let out = points;
  for (const i of order) {
    const p = out[i];
    if (!p) continue;
    out = movePoint(out, i, clamp(p.t + dt, 0, duration), clamp(p.v + dv, min, max));
  }
  return out;
}

export function nudgeNotes(notes: readonly Note[], ids: readonly string[], dt: Seconds, dPitch: number, duration: Seconds): readonly Note[] {
  let out: readonly Note[] = notes;
  const order = ids.map((id) => notes.find((n) => n.id === id)).filter((n) => n !== undefined)
    .sort((a, b) => (dt > 0 ? b.start - a.start : a.start - b.start));
  for (const n of order) {
    const cur = out.find((x) => x.id === n.id);
    if (!cur) continue;
    const start = clamp(cur.start + dt, 0, Math.max(0, duration - (cur.end - cur.start)));
    out = moveNote(out, cur.id, start, clamp(cur.pitch + dPitch, 0, 11));
  }
  return out;
}
