/**
 * The timeline view: which span of the video's time axis is on screen and how wide a second is.
 * Every lane, the filmstrip, the waveform and the ruler map time to pixels through these.
 */
import type { Seconds } from '../project/types.ts';

export interface TimelineView {
  /** Time at the left edge. */
  readonly start: Seconds;
  readonly pxPerSec: number;
}

export const MIN_PX_PER_SEC = 2;
export const MAX_PX_PER_SEC = 2000;

export function timeToX(view: TimelineView, t: Seconds): number {
  return (t - view.start) * view.pxPerSec;
}

export function xToTime(view: TimelineView, x: number): Seconds {
  return view.start + x / view.pxPerSec;
}

/** The view that shows the whole [0, duration] in `width` pixels. */
export function fitView(duration: Seconds, width: number): TimelineView {
  const pxPerSec = Math.min(MAX_PX_PER_SEC, Math.max(MIN_PX_PER_SEC, width / Math.max(duration, 0.1)));
  return { start: 0, pxPerSec };
}

/** Keep the view inside [0, duration]: no scrolling past either end. */
export function clampView(view: TimelineView, duration: Seconds, width: number): TimelineView {
  const visible = width / view.pxPerSec;
  const maxStart = Math.max(0, duration - visible);
  const start = Math.min(Math.max(0, view.start), maxStart);
  return start === view.start ? view : { ...view, start };
}

/** Zoom by `factor` keeping the time under pixel `anchorX` where it is (the mouse stays put). */
export function zoomView(view: TimelineView, factor: number, anchorX: number, duration: Seconds, width: number): TimelineView {
  const pxPerSec = Math.min(MAX_PX_PER_SEC, Math.max(MIN_PX_PER_SEC, view.pxPerSec * factor));
  const anchorT = xToTime(view, anchorX);
  return clampView({ start: anchorT - anchorX / pxPerSec, pxPerSec }, duration, width);
}

export function scrollView(view: TimelineView, dx: number, duration: Seconds, width: number): TimelineView {
  return clampView({ ...view, start: view.start + dx / view.pxPerSec }, duration, width);
}

/** Ruler ticks: a "nice" step (1-2-5 series) so labels are ≥ minPx apart. */
export function rulerStep(pxPerSec: number, minPx = 70): Seconds {
  const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600];
  return steps.find((s) => s * pxPerSec >= minPx) ?? 600;
}

export function formatTime(t: Seconds, step = 1): string {
  const sign = t < 0 ? '-' : '';
  const a = Math.abs(t);
  const m = Math.floor(a / 60);
  const s = a - m * 60;
  const decimals = step < 0.1 ? 2 : step < 1 ? 1 : 0;
  return `${sign}${m}:${s.toFixed(decimals).padStart(decimals ? 3 + decimals : 2, '0')}`;
}
