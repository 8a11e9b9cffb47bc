/**
 * Messages between the page and analyze.worker.ts. The page grabs frames from the opened video
 * (src/ui/analysis/) at the analysis rate and size and streams them in; the worker runs the
 * engine's VideoAnalyzer and answers with progress and, at the end, the analysis. Every message
 * carries the id of its run, so a cancelled run's late messages are recognised and dropped.
 */
import type { Cut } from '../engine/video/cuts.ts';
import type { VideoProposals } from '../engine/video/proposals.ts';
import type { VideoSeries } from '../engine/video/series.ts';

export type AnalyzeRequest =
  | { readonly type: 'start'; readonly id: string }
  /** One analysis-size frame, RGBA (canvas ImageData) or RGB; the buffer is transferred; `time`: its source picture's presentation time (s), where known. */
  | { readonly type: 'frame'; readonly id: string; readonly width: number; readonly height: number; readonly channels: 3 | 4; readonly data: ArrayBuffer; readonly time?: number }
  | { readonly type: 'end'; readonly id: string }
  | { readonly type: 'cancel'; readonly id: string };

/** Descriptors of the whole clip, frame-major (frameCount × dim), ready for the model. */
export interface DescriptorArrays {
  readonly frame: Float32Array;
  readonly context: Float32Array;
  readonly patch: Float32Array;
}

export interface AnalyzeResult {
  readonly frameCount: number;
  readonly duration: number;
  readonly cuts: readonly Cut[];
  readonly series: VideoSeries;
  readonly proposals: VideoProposals;
  readonly descriptors: DescriptorArrays;
}

export type AnalyzeResponse =
  | { readonly type: 'progress'; readonly id: string; readonly frames: number; readonly seconds: number }
  | { readonly type: 'result'; readonly id: string; readonly result: AnalyzeResult }
  | { readonly type: 'error'; readonly id: string; readonly message: string }
  | { readonly type: 'cancelled'; readonly id: string };

/** Progress is posted every this many frames (one second of video). */
export const PROGRESS_EVERY = 10;
