/**
 * Chord blocks on the harmony lane: labelled spans of time that never overlap (one chord at a
 * time, like the melody's notes). Placing, moving or resizing a block trims or removes whatever
 * it now covers. Labels are kept in the vocabulary of symbols.ts, spelled for the lane's key.
 */
import { snapToBeat, type Beat } from '../rhythm/beatgrid.ts';
import { placeTimed, removeTimed } from '../timeline/one-at-a-time.ts';
import { transposeLabel } from './symbols.ts';

export interface ChordBlock {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  /** A chord label as symbols.ts reads it ("Am", "F#", "Bb7", "N"). */
  readonly label: string;
}

/** The shortest block a drag can leave (s). */
export const MIN_CHORD = 0.1;
/** A chord's length when there is no beat grid to give it a bar (s). */
export const DEFAULT_CHORD_S = 2;

/** Insert `block`, cutting the parts it covers out of the other blocks. */
export function placeChord(chords: readonly ChordBlock[], block: ChordBlock): ChordBlock[] {
  return placeTimed(chords, block, MIN_CHORD);
}

export function removeChords(chords: readonly ChordBlock[], ids: Iterable<string>): ChordBlock[] {
  return removeTimed(chords, ids);
}

/** Move the blocks `ids` by dt (lengths kept, inside [0, duration]); the leading one moves first. */
export function moveChords(chords: readonly ChordBlock[], ids: readonly string[], dt: number, duration: number): ChordBlock[] {
  const chosen = new Set(ids);
  const order = chords.filter((c) => chosen.has(c.id)).sort((a, b) => (dt > 0 ? b.start - a.start : a.start - b.start));
  let out = chords.slice();
  for (const c of order) {
    const cur = out.find((x) => x.id === c.id);
    if (!cur) continue;
    const len = cur.end - cur.start;
    const start = Math.max(0, Math.min(duration - len, cur.start + dt));
    out = placeChord(out, { ...cur, start, end: start + len });
  }
  return out;
}

/** Set one edge of a block; it keeps at least MIN_CHORD. */
export function resizeChord(chords: readonly ChordBlock[], id: string, edge: 'start' | 'end', t: number): ChordBlock[] {
  const c = chords.find((x) => x.id === id);
  if (!c) return chords.slice();
  const next = edge === 'end' ? { ...c, end: Math.max(c.start + MIN_CHORD, t) } : { ...c, start: Math.max(0, Math.min(c.end - MIN_CHORD, t)) };
  return placeChord(chords, next);
}

export function transposeChords(chords: readonly ChordBlock[], ids: readonly string[], semitones: number, flats?: boolean): ChordBlock[] {
  const chosen = new Set(ids);
  return chords.map((c) => (chosen.has(c.id) ? { ...c, label: transposeLabel(c.label, semitones, flats) } : c));
}

/** Give the blocks `ids` a new label (already normalised). */
export function relabelChords(chords: readonly ChordBlock[], ids: readonly string[], label: string): ChordBlock[] {
  const chosen = new Set(ids);
  return chords.map((c) => (chosen.has(c.id) ? { ...c, label } : c));
}

/**
 * Replace whatever lies in [start, end) with `blocks` (clipped to the span): what a proposal for
 * a free span, or a pasted progression, does. Blocks outside the span are kept, cut at its edges.
 */
export function setChordsInSpan(chords: readonly ChordBlock[], span: { start: number; end: number }, blocks: readonly ChordBlock[]): ChordBlock[] {
  const kept: ChordBlock[] = [];
  for (const c of chords) {
    if (c.end <= span.start || c.start >= span.end) kept.push(c);
    else {
      if (c.start < span.start && span.start - c.start >= MIN_CHORD) kept.push({ ...c, end: span.start });
      if (c.end > span.end && c.end - span.end >= MIN_CHORD) kept.push({ ...c, id: `${c.id}b`, start: span.end });
    }
  }
  const inside = blocks
    .map((b) => ({ ...b, start: Math.max(span.start, b.start), end: Math.min(span.end, b.end) }))
    .filter((b) => b.end - b.start >= MIN_CHORD / 2);
  return inside.reduce((acc, b) => placeChord(acc, b), kept);
}

export function chordAt(chords: readonly ChordBlock[], t: number): ChordBlock | undefined {
  return chords.find((c) => t >= c.start && t < c.end);
}

/**
 * Where a chord added at time t goes. With the beat grid (and snapping on): from the nearest beat
 * to the next downbeat, so a chord typed at a bar line fills the bar and one typed mid-bar fills
 * the rest of it. Without a grid: DEFAULT_CHORD_S from t. Null when there is no room before the end.
 */
export function chordSlot(beats: readonly Beat[], t: number, duration: number, snap: boolean): { start: number; end: number } | null {
  const barLength = (): number => {
    const downs = beats.filter((b) => b.downbeat);
    if (downs.length >= 2) return downs[1].t - downs[0].t;
    return beats.length >= 2 ? (beats[beats.length - 1].t - beats[0].t) / (beats.length - 1) * 4 : DEFAULT_CHORD_S;
  };
  let start = t;
  let end = t + DEFAULT_CHORD_S;
  if (snap && beats.length > 0) {
    start = snapToBeat(beats, t);
    const next = beats.find((b) => b.downbeat && b.t > start + 1e-6);
    end = next ? next.t : start + barLength();
  }
  end = Math.min(end, duration);
  return end - start >= MIN_CHORD ? { start, end } : null;
}
