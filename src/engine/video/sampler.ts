/**
 * Turns frames at a source rate and size into frames at the analysis rate and size, the way
 * ffmpeg's `fps=10,scale=64:36:flags=area` does for the CLI: each analysis time takes the source
 * frame nearest to it (frames are repeated or skipped), then area scaling.
 */
import { scaleFrame, type RgbFrame } from './frame.ts';
import { ANALYSIS_FPS } from './spec.ts';

export class FrameSampler {
  private k = 0; // source frames seen
  private j = 0; // analysis frames emitted

  constructor(private readonly sourceFps: number) {
    if (!(sourceFps > 0 && Number.isFinite(sourceFps))) throw new Error(`frame rate must be positive, got ${sourceFps}`);
  }

  /** The analysis frames this source frame stands for (often none or one), with its time. */
  push(frame: RgbFrame): Array<RgbFrame & { time: number }> {
    const out: Array<RgbFrame & { time: number }> = [];
    const time = this.k / this.sourceFps;
    const until = (this.k + 0.5) / this.sourceFps; // this frame is the nearest up to here
    let scaled: (RgbFrame & { time: number }) | null = null;
    while (this.j / ANALYSIS_FPS < until - 1e-9) {
      scaled ??= { ...scaleFrame(frame), time };
      out.push(scaled);
      this.j++;
    }
    this.k++;
    return out;
  }
}
