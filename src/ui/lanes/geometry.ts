/** Mapping between a lane's pixels and its (time, value) space. */
import { clamp } from '../../engine/curves/curve.ts';
import type { TimelineView } from '../../engine/timeline/view.ts';

export interface LaneBox {
  readonly view: TimelineView;
  readonly width: number;
  readonly height: number;
  readonly min: number;
  readonly max: number;
}

/** Padding so points at the extremes stay clickable. */
export const PAD = 6;

export function valueToY(box: LaneBox, v: number): number {
  const f = (v - box.min) / (box.max - box.min);
  return PAD + (1 - f) * (box.height - 2 * PAD);
}

export function yToValue(box: LaneBox, y: number): number {
  const f = 1 - (y - PAD) / (box.height - 2 * PAD);
  return clamp(box.min + f * (box.max - box.min), box.min, box.max);
}

export function tToX(box: LaneBox, t: number): number {
  return (t - box.view.start) * box.view.pxPerSec;
}

export function xToT(box: LaneBox, x: number): number {
  return box.view.start + x / box.view.pxPerSec;
}

/** A time kept on the clip: [0, duration]. */
export function clampTime(t: number, duration: number): number {
  return clamp(t, 0, duration);
}

/** Pointer position relative to an element. */
export function localPoint(e: { clientX: number; clientY: number }, el: Element): { x: number; y: number } {
  const r = el.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}

/**
 * The element under the pointer. After setPointerCapture, Chromium retargets click and dblclick
 * to the capturing element, so handlers that need the point or note clicked look it up here.
 */
export function hitAt(e: { clientX: number; clientY: number }): Element | null {
  return document.elementFromPoint(e.clientX, e.clientY);
}
