/**
 * The melody lane is monophonic: one note at a time. Placing, moving or resizing a note trims or
 * removes whatever it now overlaps, so the lane never holds two notes at the same time.
 */
import type { Note, Seconds } from '../project/types.ts';

export const MIN_NOTE = 0.05;

/** Insert `note`, cutting the overlapped parts out of the other notes. */
export function placeNote(notes: readonly Note[], note: Note): Note[] {
  const out: Note[] = [];
  for (const n of notes) {
    if (n.id === note.id) continue;
    if (n.end <= note.start || n.start >= note.end) {
      out.push(n);
      continue;
    }
    if (n.start < note.start && note.start - n.start >= MIN_NOTE) out.push({ ...n, end: note.start });
    if (n.end > note.end && n.end - note.end >= MIN_NOTE) {
      const id = n.start < note.start ? `${n.id}b` : n.id;
      out.push({ ...n, id, start: note.end });
    }
  }
  out.push(note);
  return out.sort((a, b) => a.start - b.start);
}

export function removeNotes(notes: readonly Note[], ids: Iterable<string>): Note[] {
  const drop = new Set(ids);
  return notes.filter((n) => !drop.has(n.id));
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
