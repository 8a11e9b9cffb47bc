/** Free spans (frames left to the model): kept sorted, non-overlapping, merged when they touch. */
import type { FreeSpan, Seconds } from '../project/types.ts';

export function normaliseSpans(spans: readonly FreeSpan[]): FreeSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: FreeSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

export function addSpan(spans: readonly FreeSpan[], span: FreeSpan): FreeSpan[] {
  return normaliseSpans([...spans, span]);
}

/** Remove [start, end) from every span (a span can split in two). */
export function subtractSpan(spans: readonly FreeSpan[], cut: FreeSpan): FreeSpan[] {
  const out: FreeSpan[] = [];
  for (const s of spans) {
    if (cut.end <= s.start || cut.start >= s.end) {
      out.push(s);
      continue;
    }
    if (cut.start > s.start) out.push({ start: s.start, end: cut.start });
    if (cut.end < s.end) out.push({ start: cut.end, end: s.end });
  }
  return out;
}

export function spanAt(spans: readonly FreeSpan[], t: Seconds): FreeSpan | undefined {
  return spans.find((s) => t >= s.start && t < s.end);
}

export function isFree(spans: readonly FreeSpan[], t: Seconds): boolean {
  return spanAt(spans, t) !== undefined;
}
