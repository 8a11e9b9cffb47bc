/**
 * Spans of time for the adherence view: where a take's heard control parts from the asked one,
 * and which parts of a lane were left free. Pure helpers over frame flags and second intervals.
 */

/** Seconds, start < end. */
export interface TimeSpan {
  readonly start: number;
  readonly end: number;
}

export interface PartingRule {
  /** A departure shorter than this is not marked: one extraction frame flickering is not the music parting. */
  readonly minSeconds: number;
  /** Departures closer than this are one span, so a wobble across the threshold reads as one. */
  readonly bridgeSeconds: number;
}

/**
 * The spans where `flags` is set (frame f covers [f, f+1) / frameRate): runs of set frames,
 * joined across gaps shorter than the bridge, then kept when at least minSeconds long.
 */
export function partingSpans(flags: ArrayLike<number | boolean>, frameRate: number, rule: PartingRule): TimeSpan[] {
  const runs: [number, number][] = [];
  for (let f = 0; f < flags.length; f++) {
    if (!flags[f]) continue;
    const last = runs[runs.length - 1];
    if (last && (f === last[1] || (f - last[1]) / frameRate < rule.bridgeSeconds)) last[1] = f + 1;
    else runs.push([f, f + 1]);
  }
  return runs
    .filter(([a, b]) => (b - a) / frameRate >= rule.minSeconds - 1e-9)
    .map(([a, b]) => ({ start: a / frameRate, end: b / frameRate }));
}

/** The parts of `spans` inside [from, to), sorted and merged where they touch. */
export function clipSpans(spans: readonly TimeSpan[], from: number, to: number): TimeSpan[] {
  const inside = spans
    .map((s) => ({ start: Math.max(from, s.start), end: Math.min(to, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: TimeSpan[] = [];
  for (const s of inside) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}

/** `span` less the `holes` (any order, may overlap): what is left, in order. */
export function subtractSpans<S extends TimeSpan>(span: S, holes: readonly TimeSpan[]): S[] {
  let left: S[] = [span];
  for (const h of holes) {
    left = left.flatMap((s) => {
      if (h.end <= s.start || h.start >= s.end) return [s];
      const parts: S[] = [];
      if (h.start > s.start) parts.push({ ...s, end: h.start });
      if (h.end < s.end) parts.push({ ...s, start: h.end });
      return parts;
    });
  }
  return left;
}

/** Every span moved by `dt` seconds (take time → timeline). */
export const shiftSpans = (spans: readonly TimeSpan[], dt: number): TimeSpan[] =>
  spans.map((s) => ({ start: s.start + dt, end: s.end + dt }));
