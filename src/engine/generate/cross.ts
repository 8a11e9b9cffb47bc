/**
 * Cross-attention windows (paper eq. 4-5) on the engine's side. The step graph's windowed layers
 * (5, 3, 2 s) take only the video frames their window lets this step see, cut here, so the graph
 * holds no mask arithmetic and scores no frame it could not see. The rule is
 * training/music/layers.py `window_frames`: music step s of a window of k seconds is in segment
 * ⌊s / (k · music rate)⌋, clamped to the last video segment (the delay pattern's tail), and sees
 * that segment's video frames; an ∞ window (null) sees all of them.
 */
import { f32, type Tensor } from './session.ts';

/** Video frames [start, end) that step `step` sees through a window of `windowS` seconds. */
export function windowFrames(step: number, videoFrames: number, windowS: number | null, musicRate: number, videoRate: number): [number, number] {
  if (windowS === null) return [0, videoFrames];
  const wm = Math.round(windowS * musicRate), wv = Math.round(windowS * videoRate);
  const seg = Math.min(Math.floor(step / wm), Math.floor((videoFrames - 1) / wv));
  return [seg * wv, Math.min(videoFrames, (seg + 1) * wv)];
}

/** Frames [a, b) of cross keys (B, H, dh, Tv: frames last) or values (B, H, Tv, dh). */
export function sliceFrames(t: Tensor, a: number, b: number, isKey: boolean): Tensor {
  const [d0, d1, d2, d3] = t.dims, n = b - a, src = t.data as Float32Array;
  if (isKey) {
    const out = new Float32Array(d0 * d1 * d2 * n);
    for (let r = 0; r < d0 * d1 * d2; r++) out.set(src.subarray(r * d3 + a, r * d3 + b), r * n);
    return f32(out, [d0, d1, d2, n]);
  }
  const out = new Float32Array(d0 * d1 * n * d3);
  for (let r = 0; r < d0 * d1; r++) out.set(src.subarray((r * d2 + a) * d3, (r * d2 + b) * d3), r * n * d3);
  return f32(out, [d0, d1, n, d3]);
}

/** Each layer's cross keys/values for a step, cut to its window; a cut is kept until the segment changes. */
export class WindowedCross {
  private readonly cuts = new Map<number, { a: number; feeds: Record<string, Tensor> }>();
  private readonly videoFrames: number;

  constructor(private readonly cross: Readonly<Record<string, Tensor>>, private readonly windows: readonly (number | null)[],
    private readonly musicRate: number, private readonly videoRate: number) {
    this.videoFrames = cross['cross_value.0'].dims[2];
  }

  at(step: number): Record<string, Tensor> {
    const feeds: Record<string, Tensor> = {};
    this.windows.forEach((w, i) => {
      const [a, b] = windowFrames(step, this.videoFrames, w, this.musicRate, this.videoRate);
      let cut = this.cuts.get(i);
      if (!cut || cut.a !== a) {
        const k = this.cross[`cross_key.${i}`], v = this.cross[`cross_value.${i}`];
        cut = { a, feeds: w === null ? { [`cross_key.${i}`]: k, [`cross_value.${i}`]: v }
          : { [`cross_key.${i}`]: sliceFrames(k, a, b, true), [`cross_value.${i}`]: sliceFrames(v, a, b, false) } };
        this.cuts.set(i, cut);
      }
      Object.assign(feeds, cut.feeds);
    });
    return feeds;
  }
}
