/**
 * The melody lane is monophonic: one note at a time. Placing, moving or resizing a note trims or
 * removes whatever it now overlaps, so the lane never holds two notes at the same time.
 */
import type { Note, Seconds } from '../project/types.ts';
import { placeTimed, removeTimed } from '../timeline/one-at-a-time.ts';

export const MIN_NOTE = 0.05;

/** Insert `note`, cutting the overlapped parts out of the other notes. */
export function placeNote(notes: readonly Note[], note: Note): Note[] {
  return placeTimed(notes, note, MIN_NOTE);
}

export function removeNotes(notes: readonly Note[], ids: Iterable<string>): Note[] {
  return removeTimed(notes, ids);
}

/** Move a note by dt and set its pitch. */
export function moveNote(notes: readonly Note[], id: string, start: Seconds, pitch: number): Note[] {
  const n = notes.find((x) => x.id === id);
  if (!n) return notes.slice();
  const len = n.end - n.start;
  const s = Math.max(0, start);
  return placeNote(notes, { ...n, start: s, end: s + len, pitch: ((Math.round(pitch) % 12) + 12) % 12 });
}

/** Resize a note's end (or start) edge; it keeps at least MIN_NOTE. */
export function resizeNote(notes: readonly Note[], id: string, edge: 'start' | 'end', t: Seconds): Note[] {
  const n = notes.find((x) => x.id === id);
  if (!n) return notes.slice();
  const next = edge === 'end'
    ? { ...n, end: Math.max(n.start + MIN_NOTE, t) }
    : { ...n, start: Math.max(0, Math.min(n.end - MIN_NOTE, t)) };
  return placeNote(notes, next);
}

export function noteAt(notes: readonly Note[], t: Seconds): Note | undefined {
  return notes.find((n) => t >= n.start && t < n.end);
}
