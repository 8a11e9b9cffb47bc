/**
 * The streaming video analyser: push analysis-rate frames one at a time, get descriptors back as
 * soon as their context window is complete (CONTEXT_HALF_FRAMES + DISSOLVE_LAG + 1 frames later), and a summary
 * at the end. It holds at most two pictures and one window of feature vectors, so a ten-minute
 * 1080p clip costs the same memory as a three-second one.
 */
import { contextVector, type WindowFrame } from './context.ts';
import { CutDetector, type Cut, type CutDecision } from './cuts.ts';
import { DISSOLVE_LAG } from './dissolve.ts';
import type { RgbFrame } from './frame.ts';
import { measureFrame, writeMotion, type Measured } from './measure.ts';
import { SeriesBuilder, type VideoSeries } from './series.ts';
import {
  ANALYSIS_FPS, CONTEXT_HALF_FRAMES, PATCH_COUNT, PATCH_DIM, VIDEO_SPEC, frameIndex, patchIndex,
} from './spec.ts';

/** The three descriptor levels of one analysis frame (paper §3.3). */
export interface FrameDescriptor {
  readonly index: number;
  /** Seconds = index / ANALYSIS_FPS. */
  readonly t: number;
  /** PATCH_COUNT × PATCH_DIM, row-major patches. */
  readonly patch: Float32Array;
  readonly frame: Float32Array;
  readonly context: Float32Array;
}

export interface VideoAnalysis {
  readonly spec: typeof VIDEO_SPEC;
  readonly frameCount: number;
  /** frameCount / ANALYSIS_FPS. */
  readonly duration: number;
  readonly cuts: readonly Cut[];
  /** Per-frame scalars the proposals are computed from. */
  readonly series: VideoSeries;
}

interface Pending extends WindowFrame {
  readonly index: number;
  readonly patch: Float32Array;
  isCut: boolean;
}

export class NoFramesError extends Error {
  constructor(what = 'the video') {
    super(`${what} has no frames to analyse`);
    this.name = 'NoFramesError';
  }
}

export class VideoAnalyzer {
  private readonly cuts = new CutDetector();
  private readonly cutList: Cut[] = [];
  private readonly series = new SeriesBuilder();
  private prev: Measured | null = null;
  /** Measured, awaiting the cut decision (one frame of look-ahead), and its source gap. */
  private undecided: Measured | null = null;
  private undecidedGap = 1 / ANALYSIS_FPS;
  private lastTime: number | undefined;
  /** Decided frames whose context window is not yet complete, plus the past half window. */
  private window: Pending[] = [];
  private next = 0; // index of the next frame to emit
  private count = 0;

  constructor(private readonly onDescriptor: (d: FrameDescriptor) => void = () => {}) {}

  get framesSeen(): number {
    return this.count;
  }

  /**
   * `time`: the source presentation time (seconds) of the picture that stands for this analysis
   * frame, where the caller knows it. Only the proposals' motion series uses it (see series.ts);
   * without it the pictures are taken to be one analysis step apart.
   */
  push(frame: RgbFrame, time?: number): void {
    const gap = time !== undefined && this.lastTime !== undefined ? time - this.lastTime : 1 / ANALYSIS_FPS;
    if (time !== undefined) this.lastTime = time;
    const m = measureFrame(frame);
    writeMotion(this.prev, m);
    this.prev = m;
    this.count++;
    const decision = this.cuts.push(m);
    if (decision) this.settle(decision);
    this.undecided = m;
    this.undecidedGap = gap;
    this.emitReady(false);
  }

  finish(): VideoAnalysis {
    if (this.count === 0) throw new NoFramesError();
    const last = this.cuts.finish();
    if (last) this.settle(last);
    this.emitReady(true);
    return {
      spec: VIDEO_SPEC,
      frameCount: this.count,
      duration: this.count / ANALYSIS_FPS,
      cuts: this.cutList,
      series: this.series.build(),
    };
  }

  private settle(d: CutDecision): void {
    const m = this.undecided!;
    m.frame[frameIndex('cut')] = d.likelihood;
    const hard = d.cut?.kind === 'hard';
    if (d.cut) {
      this.cutList.push(d.cut);
      // A cut is not motion: carry the previous frame's motion over the cut frame.
      const before = this.window[this.window.length - 1];
      if (d.cut.kind === 'hard') {
        const mi = frameIndex('motion');
        const pm = patchIndex('motion');
        m.frame[mi] = before ? before.frame[mi] : 0;
        for (let p = 0; p < PATCH_COUNT; p++) {
          m.patch[p * PATCH_DIM + pm] = before ? before.patch[p * PATCH_DIM + pm] : 0;
        }
      }
    }
    this.series.push(m.frame, this.undecidedGap, hard);
    this.window.push({ index: d.frame, frame: m.frame, patch: m.patch, isCut: d.cut !== null });
    if (d.dissolve) this.markDissolve(d.dissolve);
  }

  /** A dissolve is found once it is over: mark its middle frame, still in the window (not yet emitted). */
  private markDissolve(cut: Cut): void {
    this.cutList.push(cut);
    this.cutList.sort((a, b) => a.frame - b.frame);
    const entry = this.window.find((w) => w.index === cut.frame);
    if (entry) {
      entry.isCut = true;
      entry.frame[frameIndex('cut')] = 1;
    }
    this.series.setCut(cut.frame, 1);
  }

  private emitReady(flush: boolean): void {
    const decidedUpTo = this.window.length ? this.window[this.window.length - 1].index : -1;
    // Wait for the whole context window, and for any dissolve that may still be marked in it.
    while (this.next <= decidedUpTo && (flush || this.next + CONTEXT_HALF_FRAMES + DISSOLVE_LAG <= decidedUpTo)) {
      const i = this.next;
      const first = this.window[0].index;
      const lo = Math.max(0, i - CONTEXT_HALF_FRAMES - first);
      const hi = Math.min(this.window.length, i + CONTEXT_HALF_FRAMES + 1 - first);
      const centre = this.window[i - first];
      this.onDescriptor({
        index: i,
        t: i / ANALYSIS_FPS,
        patch: centre.patch,
        frame: centre.frame,
        context: contextVector(this.window.slice(lo, hi)),
      });
      this.next++;
      // Keep only the half window behind the next frame to emit.
      while (this.window.length && this.window[0].index < this.next - CONTEXT_HALF_FRAMES) this.window.shift();
    }
  }
}

/** An analysis-rate frame and, where known, the source time of its picture. */
export type TimedFrame = RgbFrame & { readonly time?: number };

/** Runs the analyser over any async sequence of analysis-rate frames. */
export async function analyzeFrames(
  frames: AsyncIterable<TimedFrame> | Iterable<TimedFrame>,
  onDescriptor?: (d: FrameDescriptor) => void,
  signal?: AbortSignal,
): Promise<VideoAnalysis> {
  const analyzer = new VideoAnalyzer(onDescriptor);
  for await (const f of frames) {
    signal?.throwIfAborted();
    analyzer.push(f, f.time);
  }
  return analyzer.finish();
}
