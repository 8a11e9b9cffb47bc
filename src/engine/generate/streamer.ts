/**
 * Streamers, as in transformers.js: the loop tells a streamer every step what it wrote, and the
 * streamer emits complete frames — all codebooks known — as soon as they are (frame t after step
 * t + max delay), so the codec can decode and the page can play while generation continues.
 */
import type { DelayPattern } from './delay.ts';

export interface Streamer {
  /** After step `step` wrote its slots: `sequence` is the whole K × steps buffer so far. */
  put(step: number, sequence: Int32Array, steps: number): void;
  /** Generation ended (done, stopped or aborted) after `stepsDone` steps. */
  end(stepsDone: number, sequence: Int32Array, steps: number): void;
}

/** Complete frames in order: `codes` is K × n (codebook-major), frames [first, first + n). */
export type FramesCallback = (codes: Int32Array, first: number) => void;

/** Emits frames [from, t] once step t + max delay is written; at the end, whatever is complete. */
export class FrameStreamer implements Streamer {
  private emitted: number;

  constructor(private readonly pattern: DelayPattern, private readonly frames: number, private readonly onFrames: FramesCallback,
    /** Emit in chunks of at least this many frames (the last chunk may be shorter). */
    private readonly chunk = 1,
    /** Frames already known (a window's prompt): not emitted again. */
    known = 0,
    /** Added to frame numbers in callbacks: the window's first frame in the clip. */
    private readonly offset = 0) {
    this.emitted = known;
  }

  put(step: number, sequence: Int32Array, steps: number): void {
    const complete = Math.min(this.frames, step - this.pattern.maxDelay + 1);
    if (complete - this.emitted >= this.chunk || (complete === this.frames && complete > this.emitted)) this.flush(complete, sequence, steps);
  }

  end(stepsDone: number, sequence: Int32Array, steps: number): void {
    const complete = Math.min(this.frames, stepsDone - this.pattern.maxDelay);
    if (complete > this.emitted) this.flush(complete, sequence, steps);
  }

  private flush(complete: number, sequence: Int32Array, steps: number): void {
    const K = this.pattern.codebooks, n = complete - this.emitted;
    const codes = new Int32Array(K * n);
    for (let k = 0; k < K; k++) {
      const at = k * steps + this.emitted + this.pattern.delays[k];
      codes.set(sequence.subarray(at, at + n), k * n);
    }
    const first = this.emitted;
    this.emitted = complete;
    this.onFrames(codes, this.offset + first);
  }
}
