/**
 * How the studio decides about an opened file and tells the person, in one place: the
 * thresholds (too small, too long) and the words of every message, so the page, the docs and the
 * tests agree.
 */

/** Below this many pixels on a side there is nothing to see or analyse. */
export const MIN_SIDE = 16;
/** A clip shorter than this (one frame of a still turned into a "video") has nothing to score. */
export const MIN_CLIP_SECONDS = 0.5;

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** "25 fps", "29.97 fps", "fps unknown". */
export function fpsLabel(fps: number): string {
  if (!(fps > 0)) return 'fps unknown';
  const r = Math.round(fps * 100) / 100;
  return `${Number.isInteger(r) ? r : r.toFixed(2)} fps`;
}

/** Snap a measured rate to the broadcast rate it is within 0.5 % of (23.976, 25, 29.97, …). */
export function snapFps(fps: number): number {
  const common = [12, 15, 23.976, 24, 25, 29.97, 30, 48, 50, 59.94, 60, 90, 100, 119.88, 120];
  const hit = common.find((c) => Math.abs(fps - c) / c < 0.005);
  return hit ?? Math.round(fps * 100) / 100;
}

/** Frame rate from frame presentation times (seconds), robust to dropped frames: the median step. */
export function fpsFromFrameTimes(times: readonly number[]): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const d = times[i] - times[i - 1];
    if (d > 1e-4) steps.push(d);
  }
  if (steps.length < 3) return 0;
  steps.sort((a, b) => a - b);
  return snapFps(1 / steps[steps.length >> 1]);
}

export const messages = {
  empty: (name: string) => `“${name}” is empty (0 bytes) — nothing to open.`,
  text: (name: string) => `“${name}” is a text file, not a video.`,
  audioOnly: (name: string) => `“${name}” has sound but no picture — open a video file.`,
  image: (name: string) => `“${name}” is a still image, not a video — open a video file.`,
  tooLong: (name: string, seconds: number, max: number) => `“${name}” lasts ${(seconds / 3600).toFixed(1)} h — a project can be at most ${max / 3600} h long.`,
  tooShort: (name: string, seconds: number) => `“${name}” lasts ${seconds.toFixed(2)} s — too short to score (at least ${MIN_CLIP_SECONDS} s); a still image is not a video.`,
  truncated: (name: string) => `“${name}” is cut short (the file ends before its data does) — it may be an unfinished download or copy.`,
  tooSmall: (name: string, w: number, h: number) => `“${name}” is ${w}×${h} pixels — too small to show or analyse (at least ${MIN_SIDE}×${MIN_SIDE} needed).`,
  unreadable: (name: string) => `“${name}” could not be read as a video (neither the browser nor ffmpeg understood it).`,
  cancelled: (name: string) => `Opening “${name}” was cancelled.`,
} as const;
