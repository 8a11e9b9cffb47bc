/**
 * The encoders' feeds for one window of a clip, as the batch that guidance needs: row 0 carries
 * the conditions (video, controls, ensemble), row 1 is the unconditioned row (video_mask 0, every
 * control mask 0), exactly as training dropped them (docs/music-model.md "Guidance"); with lane
 * guidance a row 2 is row 0 without the guided lanes (their masks 0, as training dropped a lane).
 */
import type { ControlName, Controls } from '../controls/types.ts';
import type { MusicManifest } from '../pack/manifest.ts';
import { f32, type Tensor } from './session.ts';

/** Video descriptors at the pack's analysis rate (what `undertone analyze` and the analysis worker compute). */
export interface VideoDescriptors {
  /** Analysis frames N; frame j is at time j / fps. */
  readonly frames: number;
  readonly frame: Float32Array;   // N × frame_dim
  readonly context: Float32Array; // N × context_dim
  readonly patch: Float32Array;   // N × patches × patch_dim
}

/** Which instrument families play: 'auto' leaves it to the model (mask 0); else GM family indices (program ÷ 8). */
export type EnsembleChoice = 'auto' | readonly number[];

/** Video frames for `frames` music frames: Tv = ceil(T · fps / frame rate) (10 fps, 50 Hz: T / 5). */
export function videoFramesFor(m: MusicManifest, frames: number): number {
  return Math.max(1, Math.ceil((frames * m.video.fps) / m.tokens.frame_rate - 1e-9));
}

/**
 * Video encoder feeds for music frames [first, first + frames). Frames past the end of the
 * descriptors repeat the last one (a clip a little shorter than the music); without descriptors
 * the video is dropped (video_mask 0 in both rows) and the features are zeros.
 */
export function videoFeeds(m: MusicManifest, video: VideoDescriptors | null, first: number, frames: number, rows = 2): Record<string, Tensor> {
  const Tv = videoFramesFor(m, frames);
  const v0 = Math.round((first * m.video.fps) / m.tokens.frame_rate);
  const patchWidth = m.video.grid.cols * m.video.grid.rows * m.video.patch_dim;
  const widths = { frame: m.video.frame_dim, context: m.video.context_dim, patch: patchWidth } as const;
  const feeds: Record<string, Tensor> = {};
  for (const key of ['frame', 'context', 'patch'] as const) {
    const w = widths[key];
    const out = new Float32Array(rows * Tv * w);
    if (video && video.frames > 0) {
      if (video[key].length !== video.frames * w) throw new Error(`video ${key} descriptors have ${video[key].length} values, expected ${video.frames} × ${w}`);
      for (let j = 0; j < Tv; j++) {
        const src = Math.min(v0 + j, video.frames - 1) * w;
        const row = video[key].subarray(src, src + w);
        // every row sees the same picture; row 1's video_mask drops it
        for (let b = 0; b < rows; b++) out.set(row, (b * Tv + j) * w);
      }
    }
    const dims = key === 'patch' ? [rows, Tv, m.video.grid.cols * m.video.grid.rows, m.video.patch_dim] : [rows, Tv, w];
    feeds[key] = f32(out, dims);
  }
  const seen = video && video.frames > 0 ? 1 : 0;
  feeds.video_mask = f32(Float32Array.from({ length: rows }, (_, b) => (b === 1 ? 0 : seen)), [rows]);
  return feeds;
}

/** T padded up to whole DCF patches: the condition encoder's frames. */
export function paddedFrames(m: MusicManifest, frames: number): number {
  const P = m.controls.dcf_patch;
  return Math.ceil(frames / P) * P;
}

/**
 * Condition encoder feeds for control frames [first, first + frames): every control of the
 * manifest, values and masks, row 1 all zeros; padded with mask-0 frames to whole DCF patches.
 * Controls past the end of `controls` are free (mask 0). `without`: a row 2 like row 0 but with
 * these controls dropped (lane guidance).
 */
export function conditionFeeds(m: MusicManifest, controls: Controls, ensemble: EnsembleChoice, first: number, frames: number,
  without?: readonly ControlName[]): Record<string, Tensor> {
  const rows = without ? 3 : 2;
  if (controls.rate.frameRate !== m.controls.frame_rate) {
    throw new Error(`controls are at ${controls.rate.frameRate} Hz, the pack's at ${m.controls.frame_rate} Hz`);
  }
  const Tp = paddedFrames(m, frames);
  const feeds: Record<string, Tensor> = {};
  for (const spec of m.controls.time) {
    const track = controls[spec.name as ControlName];
    const dim = spec.dim;
    if (track.dim !== dim) throw new Error(`control ${spec.name} has ${track.dim} columns, the pack wants ${dim}`);
    const values = new Float32Array(rows * Tp * dim), mask = new Float32Array(rows * Tp * dim);
    const n = Math.max(0, Math.min(frames, controls.frames - first));
    values.set(track.values.subarray(first * dim, (first + n) * dim));
    mask.set(track.mask.subarray(first * dim, (first + n) * dim));
    if (without && !without.includes(spec.name as ControlName)) {
      values.set(values.subarray(0, Tp * dim), 2 * Tp * dim);
      mask.set(mask.subarray(0, Tp * dim), 2 * Tp * dim);
    }
    feeds[spec.name] = f32(values, [rows, Tp, dim]);
    feeds[`${spec.name}_mask`] = f32(mask, [rows, Tp, dim]);
  }
  const E = m.controls.ensemble.dim;
  const ev = new Float32Array(rows * E), em = new Float32Array(rows * E);
  if (ensemble !== 'auto') {
    em.fill(1, 0, E); // a choice is an instruction for every family: these play, the others do not
    for (const f of ensemble) {
      if (!(Number.isInteger(f) && f >= 0 && f < E)) throw new Error(`instrument family ${f} is not one of 0..${E - 1}`);
      ev[f] = 1;
    }
  }
  if (without) { ev.set(ev.subarray(0, E), 2 * E); em.set(em.subarray(0, E), 2 * E); }
  feeds.ensemble = f32(ev, [rows, E]);
  feeds.ensemble_mask = f32(em, [rows, E]);
  return feeds;
}
