/**
 * Reading untrusted project JSON field by field. Every check names the path of the field and
 * what it should be, so a corrupt or foreign file is refused with a message a person can act on.
 * Lane specs (lanes/*.ts) validate their own data with these.
 */
import { LIMITS, TIME_SLACK } from './limits.ts';
import type { Curve, FreeSpan } from './types.ts';

export class ProjectFormatError extends Error {
  override name = 'ProjectFormatError';
}

export type Obj = Record<string, unknown>;

export function fail(path: string, want: string): never {
  throw new ProjectFormatError(`Not a valid Undertone project: ${path} should be ${want}.`);
}
export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object');
  return v as Obj;
}
export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'a list');
  return v;
}
export function num(v: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    fail(path, `a number${min > -Infinity ? ` from ${min}` : ''}${max < Infinity ? ` to ${max}` : ''}`);
  }
  return v;
}
export function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'text');
  if (v.length > LIMITS.maxText) fail(path, `text of at most ${LIMITS.maxText} characters`);
  return v;
}
/** A list of at most `max` entries (checked before any entry is read, so a huge list costs nothing). */
export function list(v: unknown, path: string, max: number, what: string): unknown[] {
  const a = arr(v, path);
  if (a.length > max) {
    throw new ProjectFormatError(`Not a valid Undertone project: ${path} has ${a.length} ${what}; at most ${max} are allowed.`);
  }
  return a;
}
/** A time on the timeline: from 0 to the project's duration. */
export function time(v: unknown, path: string, duration: number, from = 0): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < from || v > duration + TIME_SLACK) {
    fail(path, `a time from ${+from.toFixed(6)} to ${+duration.toFixed(6)} s (within the project's duration)`);
  }
  return v;
}
export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'true or false');
  return v;
}

export function curve(v: unknown, path: string, min: number, max: number, duration: number): Curve {
  const points = list(v, path, LIMITS.maxPoints, 'points').map((p, i) => {
    const o = obj(p, `${path}[${i}]`);
    return { t: time(o.t, `${path}[${i}].t`, duration), v: num(o.v, `${path}[${i}].v`, min, max) };
  });
  for (let i = 1; i < points.length; i++) {
    if (points[i].t <= points[i - 1].t) fail(`${path}[${i}].t`, 'later than the point before it');
  }
  return points;
}

export function spans(v: unknown, path: string, duration: number): FreeSpan[] {
  return list(v ?? [], path, LIMITS.maxSpans, 'free spans').map((s, i) => {
    const o = obj(s, `${path}[${i}]`);
    const start = time(o.start, `${path}[${i}].start`, duration);
    const end = time(o.end, `${path}[${i}].end`, duration, start);
    return { start, end };
  });
}

/**
 * Timed items of a lane that plays one at a time (melody notes, chords): sorted by start; an item
 * that overlaps the one before it is refused, not trimmed, naming both.
 */
export function oneAtATime<T extends { start: number; end: number }>(items: readonly T[], path: string, what: string, rule: string): T[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a].start - items[b].start);
  for (let k = 1; k < order.length; k++) {
    const prev = items[order[k - 1]], cur = items[order[k]];
    if (cur.start < prev.end - TIME_SLACK) {
      throw new ProjectFormatError(`Not a valid Undertone project: ${path}.${what}[${order[k]}] (${cur.start}–${cur.end} s) overlaps ${path}.${what}[${order[k - 1]}] (${prev.start}–${prev.end} s); ${rule}.`);
    }
  }
  return order.map((i) => items[i]);
}
