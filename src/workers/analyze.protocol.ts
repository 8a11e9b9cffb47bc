/**
 * What the analysis worker takes and gives (its functions are in analyze.handler.ts, the messages
 * in protocol.ts). The page grabs frames from the opened video (src/ui/analysis/) at the analysis
 * rate and size and streams them into a run; `end` answers with the analysis.
 */
import type { Cut } from '../engine/video/cuts.ts';
import type { VideoProposals } from '../engine/video/proposals.ts';
import type { VideoSeries } from '../engine/video/series.ts';

/** One analysis-size frame, RGBA (canvas ImageData) or RGB; the buffer is transferred; `time`: its source picture's presentation time (s), where known. */
export interface AnalysisFrame {
  readonly run: string;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  readonly data: ArrayBuffer;
  readonly time?: number;
}

export interface FramesSeen {
  readonly frames: number;
  readonly seconds: number;
}

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

/** Progress is reported every this many frames (one second of video). */
export const PROGRESS_EVERY = 10;
