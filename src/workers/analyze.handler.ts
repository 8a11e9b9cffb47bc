/**
 * The analysis worker's functions, plain enough for tests to call in Node without a worker. The
 * page grabs frames and streams them into a run (`start`, `frame`…, `end`); the worker runs the
 * engine's VideoAnalyzer (+ proposeCurves) and keeps the descriptors for the model. It only adapts
 * the engine.
 */
import { VideoAnalyzer, type FrameDescriptor } from '../engine/video/analyzer.ts';
import { proposeCurves } from '../engine/video/proposals.ts';
import { CONTEXT_DIM, FRAME_DIM, PATCH_COUNT, PATCH_DIM, ANALYSIS_FPS } from '../engine/video/spec.ts';
import { transferring } from './protocol.ts';
import type { AnalysisFrame, AnalyzeResult, FramesSeen } from './analyze.protocol.ts';

/** Grows as descriptors arrive: a few hundred bytes per analysis frame, never pictures. */
class Rows {
  private buf: Float32Array;
  private n = 0;
  constructor(private readonly dim: number) {
    this.buf = new Float32Array(dim * 64);
  }
  push(row: Float32Array): void {
    if ((this.n + 1) * this.dim > this.buf.length) {
      const grown = new Float32Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf.set(row, this.n * this.dim);
    this.n++;
  }
  done(): Float32Array {
    return this.buf.slice(0, this.n * this.dim);
  }
}

interface Run {
  readonly analyzer: VideoAnalyzer;
  readonly rows: { frame: Rows; context: Rows; patch: Rows };
  /** The first failure of a frame: `end` reports it (frames are sent without waiting). */
  error: unknown;
}

export function createAnalyzeApi() {
  const runs = new Map<string, Run>();
  return {
    start({ run }: { run: string }): void {
      const rows = { frame: new Rows(FRAME_DIM), context: new Rows(CONTEXT_DIM), patch: new Rows(PATCH_COUNT * PATCH_DIM) };
      const keep = (d: FrameDescriptor): void => {
        rows.frame.push(d.frame);
        rows.context.push(d.context);
        rows.patch.push(d.patch);
      };
      runs.set(run, { analyzer: new VideoAnalyzer(keep), rows, error: null });
    },
    /** One frame; answers how many the run has seen (null: the run was dropped, its late frames too). */
    frame(f: AnalysisFrame): FramesSeen | null {
      const r = runs.get(f.run);
      if (!r || r.error) return null;
      try {
        r.analyzer.push({ width: f.width, height: f.height, channels: f.channels, data: new Uint8Array(f.data) }, f.time);
      } catch (e) {
        r.error = e;
        return null;
      }
      const n = r.analyzer.framesSeen;
      return { frames: n, seconds: n / ANALYSIS_FPS };
    },
    end({ run }: { run: string }) {
      const r = runs.get(run);
      runs.delete(run);
      if (!r) throw new Error(`no analysis run ${run}`);
      if (r.error) throw r.error;
      const analysis = r.analyzer.finish();
      const descriptors = { frame: r.rows.frame.done(), context: r.rows.context.done(), patch: r.rows.patch.done() };
      const result: AnalyzeResult = {
        frameCount: analysis.frameCount, duration: analysis.duration, cuts: analysis.cuts, series: analysis.series,
        proposals: proposeCurves(analysis), descriptors,
      };
      return transferring(result, [descriptors.frame.buffer, descriptors.context.buffer, descriptors.patch.buffer]);
    },
    /** Forget a run (cancelled): its late frames are dropped. */
    drop({ run }: { run: string }): void {
      runs.delete(run);
    },
  };
}

export type AnalyzeApi = ReturnType<typeof createAnalyzeApi>;
