/**
 * Undo history over immutable snapshots. An edit either pushes a new entry (a click, the start
 * of a drag) or replaces the present one (the rest of a drag), so a drag is one undo step.
 */
export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

export const HISTORY_LIMIT = 200;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** capture = true: the change is its own undo step; false: it amends the current step. */
export function record<T>(h: History<T>, next: T, capture: boolean): History<T> {
  if (next === h.present) return h;
  if (!capture) return { past: h.past, present: next, future: [] };
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, present: next, future: [] };
}

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) };
}
