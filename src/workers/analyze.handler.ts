/**
 * The analysis worker's logic, as a plain function so tests call it in Node without a worker:
 * messages in, messages out. It only adapts the engine (VideoAnalyzer + proposeCurves).
 */
import { VideoAnalyzer, type FrameDescriptor } from '../engine/video/analyzer.ts';
import { proposeCurves } from '../engine/video/proposals.ts';
import { CONTEXT_DIM, FRAME_DIM, PATCH_COUNT, PATCH_DIM, ANALYSIS_FPS } from '../engine/video/spec.ts';
import { PROGRESS_EVERY, type AnalyzeRequest, type AnalyzeResponse } from './analyze.protocol.ts';

type Post = (msg: AnalyzeResponse, transfer?: Transferable[]) => void;

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
  readonly id: string;
  readonly analyzer: VideoAnalyzer;
  readonly rows: { frame: Rows; context: Rows; patch: Rows };
}

export function createAnalyzeHandler(post: Post): (msg: AnalyzeRequest) => void {
  let run: Run | null = null;
  const fail = (id: string, e: unknown): void => {
    run = null;
    post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
  };
  return (msg) => {
    if (msg.type === 'start') {
      const rows = { frame: new Rows(FRAME_DIM), context: new Rows(CONTEXT_DIM), patch: new Rows(PATCH_COUNT * PATCH_DIM) };
      const keep = (d: FrameDescriptor): void => {
        rows.frame.push(d.frame);
        rows.context.push(d.context);
        rows.patch.push(d.patch);
      };
      run = { id: msg.id, analyzer: new VideoAnalyzer(keep), rows };
      return;
    }
    // Messages of a cancelled or superseded run are dropped.
    if (!run || run.id !== msg.id) return;
    const current = run;
    try {
      if (msg.type === 'frame') {
        current.analyzer.push({ width: msg.width, height: msg.height, channels: msg.channels, data: new Uint8Array(msg.data) }, msg.time);
        const n = current.analyzer.framesSeen;
        if (n % PROGRESS_EVERY === 0) post({ type: 'progress', id: msg.id, frames: n, seconds: n / ANALYSIS_FPS });
      } else if (msg.type === 'cancel') {
        run = null;
        post({ type: 'cancelled', id: msg.id });
      } else if (msg.type === 'end') {
        const analysis = current.analyzer.finish();
        const proposals = proposeCurves(analysis);
        const descriptors = {
          frame: current.rows.frame.done(),
          context: current.rows.context.done(),
          patch: current.rows.patch.done(),
        };
        run = null;
        post(
          {
            type: 'result',
            id: msg.id,
            result: { frameCount: analysis.frameCount, duration: analysis.duration, cuts: analysis.cuts, series: analysis.series, proposals, descriptors },
          },
          [descriptors.frame.buffer, descriptors.context.buffer, descriptors.patch.buffer],
        );
      }
    } catch (e) {
      fail(msg.id, e);
    }
  };
}
