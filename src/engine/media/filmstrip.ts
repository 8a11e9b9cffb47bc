/**
 * The filmstrip row: a fixed set of thumbnails taken once, evenly over the clip, then laid out
 * as tiles along the timeline at any zoom. Each tile shows the thumbnail nearest its own
 * middle, so zooming in repeats neighbours instead of asking the decoder for more frames.
 */
import { timeToX, xToTime, type TimelineView } from '../timeline/view.ts';

/** At most this many thumbnails, however long the clip (each one is a seek and a small JPEG). */
export const MAX_THUMBS = 120;
/** At least this far apart: closer frames add nothing at the zoom levels we offer. */
export const MIN_THUMB_STEP = 0.25;

/** When to take thumbnails: the middle of `count` equal slices of the clip. */
export function thumbnailTimes(duration: number): number[] {
  if (!(duration > 0)) return [];
  const count = Math.max(1, Math.min(MAX_THUMBS, Math.round(duration / MIN_THUMB_STEP)));
  return Array.from({ length: count }, (_, i) => ((i + 0.5) * duration) / count);
}

export interface Tile {
  readonly x: number;
  /** Index into the thumbnails. */
  readonly index: number;
}

/**
 * Tiles of `tileWidth` px covering [0, width) px of the row, aligned to multiples of the tile
 * width on the time axis (so scrolling slides the tiles rather than re-picking them), inside
 * [0, duration].
 */
export function filmstripTiles(view: TimelineView, width: number, tileWidth: number, times: readonly number[], duration: number): Tile[] {
  if (times.length === 0 || tileWidth <= 0) return [];
  const out: Tile[] = [];
  const x0 = Math.max(timeToX(view, 0), 0);
  const first = Math.floor((x0 - timeToX(view, 0)) / tileWidth);
  const xEnd = Math.min(width, timeToX(view, duration));
  for (let k = first; ; k++) {
    const x = timeToX(view, 0) + k * tileWidth;
    if (x >= xEnd) break;
    const mid = xToTime(view, x + tileWidth / 2);
    out.push({ x, index: nearest(times, Math.min(mid, duration)) });
  }
  return out;
}

function nearest(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (sorted[m] <= t) lo = m;
    else hi = m;
  }
  return Math.abs(sorted[lo] - t) <= Math.abs(sorted[hi] - t) ? lo : hi;
}
