/**
 * How well recognised chords and keys match known ones (docs/controls.md, "Key and chords"):
 * the MIREX measures, computed on exact time overlaps rather than a sampled grid.
 *  - majmin: the share of the reference's duration where the estimate has the same root and
 *    major/minor quality (7 and maj7 read as major, m7 as minor; "N" must meet "N"). Reference
 *    spans whose chord is not major, minor or N (dim, aug, sus) are left out, as MIREX does;
 *  - key: 1 for the same key, 0.5 a fifth above in the same mode, 0.3 relative, 0.2 parallel.
 */
import { parseChord, type Chord, type ChordSegment, type Key } from './symbols.ts';

export interface MajminScore {
  /** Matching seconds / evaluated seconds; NaN when nothing was evaluated. */
  readonly accuracy: number;
  readonly evaluated: number;
  readonly matched: number;
  /** Reference seconds outside the majmin vocabulary (dim, aug, sus), not evaluated. */
  readonly excluded: number;
}

/** The reference chord in majmin terms; undefined when MIREX leaves it out. */
function referenceClass(c: Chord | null): string | null | undefined {
  if (!c) return null;
  if (c.quality === '' || c.quality === '7' || c.quality === 'maj7') return `${c.root}:maj`;
  if (c.quality === 'm' || c.quality === 'm7') return `${c.root}:min`;
  return undefined;
}

/** The estimate in majmin terms; chords outside the vocabulary match nothing. */
function estimateClass(c: Chord | null): string | null {
  const r = referenceClass(c);
  return r === undefined ? 'other' : r;
}

/** The label at time t (segments sorted, half-open); "N" where none covers it. */
function labelAt(segments: readonly ChordSegment[], t: number): string {
  for (const s of segments) if (s.start <= t && t < s.end) return s.label;
  return 'N';
}

/** A stretch of time where neither side changes chord: matched, not, or left out (null). */
export interface MajminPiece {
  readonly start: number;
  readonly end: number;
  readonly match: boolean | null;
}

/** The reference's extent cut where either side changes chord, each piece judged in majmin terms. */
export function majminPieces(reference: readonly ChordSegment[], estimate: readonly ChordSegment[]): MajminPiece[] {
  const ref = [...reference].sort((a, b) => a.start - b.start);
  const est = [...estimate].sort((a, b) => a.start - b.start);
  const cuts = [...new Set([...ref, ...est].flatMap((s) => [s.start, s.end]))].sort((a, b) => a - b);
  const pieces: MajminPiece[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1], mid = (a + b) / 2;
    if (!ref.some((s) => s.start <= mid && mid < s.end)) continue;
    const r = referenceClass(parseChord(labelAt(ref, mid)));
    pieces.push({ start: a, end: b, match: r === undefined ? null : estimateClass(parseChord(labelAt(est, mid))) === r });
  }
  return pieces;
}

/** majmin accuracy over the reference's extent (the estimate is "N" wherever it has no segment). */
export function majminAccuracy(reference: readonly ChordSegment[], estimate: readonly ChordSegment[]): MajminScore {
  let evaluated = 0, matched = 0, excluded = 0;
  for (const p of majminPieces(reference, estimate)) {
    if (p.match === null) { excluded += p.end - p.start; continue; }
    evaluated += p.end - p.start;
    if (p.match) matched += p.end - p.start;
  }
  return { accuracy: evaluated > 0 ? matched / evaluated : NaN, evaluated, matched, excluded };
}

/** MIREX weighted key score of an estimate against the reference (null estimates score 0). */
export function keyScore(reference: Key, estimate: Key | null): number {
  if (!estimate) return 0;
  const d = (((estimate.tonic - reference.tonic) % 12) + 12) % 12;
  if (estimate.mode === reference.mode) return d === 0 ? 1 : d === 7 ? 0.5 : 0;
  if (reference.mode === 'major' && estimate.mode === 'minor' && d === 9) return 0.3;
  if (reference.mode === 'minor' && estimate.mode === 'major' && d === 3) return 0.3;
  return d === 0 ? 0.2 : 0;
}
