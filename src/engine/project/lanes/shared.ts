/** Small helpers the lane specs share: cutting a lane to a duration while counting what was left out. */
import type { Curve, FreeSpan, Seconds } from '../types.ts';

export interface Trimmer {
  /** Keep the items `ok` accepts; the rest count as dropped. */
  keep<T>(xs: readonly T[], ok: (x: T) => boolean): T[];
  curve(c: Curve): Curve;
  /** Free spans that start before the end, cut at it. */
  spans(s: readonly FreeSpan[]): FreeSpan[];
  readonly dropped: number;
}

export function trimmer(duration: Seconds): Trimmer {
  let dropped = 0;
  const keep = <T>(xs: readonly T[], ok: (x: T) => boolean): T[] => {
    const out = xs.filter(ok);
    dropped += xs.length - out.length;
    return out;
  };
  return {
    keep,
    curve: (c) => keep(c, (p) => p.t <= duration),
    spans: (s) => keep(s, (x) => x.start < duration).map((x) => ({ start: x.start, end: Math.min(x.end, duration) })),
    get dropped() { return dropped; },
  };
}

/** x of time t in a preview box, rounded to 0.1 px. */
export const previewX = (t: number, width: number, duration: number): number => (duration > 0 ? Math.round((t / duration) * width * 10) / 10 : 0);
