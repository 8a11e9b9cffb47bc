/**
 * The per-frame scalars kept for the whole clip (a few bytes per frame, never pictures): what the
 * proposals and the timeline need after the descriptors have been streamed away.
 */
import { frameIndex } from './spec.ts';

export interface VideoSeries {
  readonly brightness: Float32Array;
  readonly saturation: Float32Array;
  readonly colourfulness: Float32Array;
  readonly warmth: Float32Array;
  readonly motion: Float32Array;
  /** Cut likelihood 0..1. */
  readonly cut: Float32Array;
}

const FIELDS = ['brightness', 'saturation', 'colourfulness', 'warmth', 'motion', 'cut'] as const;

export class SeriesBuilder {
  private n = 0;
  private cols: Record<(typeof FIELDS)[number], Float32Array> = Object.fromEntries(
    FIELDS.map((f) => [f, new Float32Array(256)]),
  ) as Record<(typeof FIELDS)[number], Float32Array>;

  push(frame: Float32Array): void {
    if (this.n === this.cols.motion.length) {
      for (const f of FIELDS) {
        const grown = new Float32Array(this.n * 2);
        grown.set(this.cols[f]);
        this.cols[f] = grown;
      }
    }
    for (const f of FIELDS) this.cols[f][this.n] = frame[frameIndex(f)];
    this.n++;
  }

  /** Dissolves are found a few frames after their middle. */
  setCut(index: number, likelihood: number): void {
    if (index >= 0 && index < this.n) this.cols.cut[index] = likelihood;
  }

  build(): VideoSeries {
    return Object.fromEntries(FIELDS.map((f) => [f, this.cols[f].slice(0, this.n)])) as unknown as VideoSeries;
  }
}
