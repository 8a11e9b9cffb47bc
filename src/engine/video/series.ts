/**
 * The per-frame scalars kept for the whole clip (a few bytes per frame, never pictures): what the
 * proposals and the timeline need after the descriptors have been streamed away.
 */
import { ANALYSIS_FPS, frameIndex } from './spec.ts';

export interface VideoSeries {
  readonly brightness: Float32Array;
  readonly saturation: Float32Array;
  readonly colourfulness: Float32Array;
  readonly warmth: Float32Array;
  /**
   * Motion per analysis step of *source* time (the frame's motion × 0.1 s / the real gap between
   * the two pictures), so it does not depend on which source frames stood for the analysis times.
   * Turning 25 fps into 10 fps takes pictures alternately 0.12 s and 0.08 s apart: raw motion
   * alternates with it, a 0.2 s pattern whose multiples (150, 100 BPM) read as a beat. A picture
   * that repeats the previous one (gap 0: a slow source, or a frame the <video> fallback missed)
   * says nothing about motion: it is interpolated from its neighbours, not 0.
   */
  readonly motion: Float32Array;
  /** Cut likelihood 0..1. */
  readonly cut: Float32Array;
}

const FIELDS = ['brightness', 'saturation', 'colourfulness', 'warmth', 'motion', 'cut'] as const;
const STEP = 1 / ANALYSIS_FPS;
/** Pictures closer than this (seconds) are the same source frame. */
const SAME_PICTURE = 1e-4;

export class SeriesBuilder {
  private n = 0;
  private cols: Record<(typeof FIELDS)[number], Float32Array> = Object.fromEntries(
    FIELDS.map((f) => [f, new Float32Array(256)]),
  ) as Record<(typeof FIELDS)[number], Float32Array>;

  /**
   * `gap`: source seconds between this frame's picture and the previous one's (STEP when the
   * source is not known to differ); `carry`: a hard cut, whose motion is the previous frame's.
   */
  push(frame: Float32Array, gap = STEP, carry = false): void {
    if (this.n === this.cols.motion.length) {
      for (const f of FIELDS) {
        const grown = new Float32Array(this.n * 2);
        grown.set(this.cols[f]);
        this.cols[f] = grown;
      }
    }
    for (const f of FIELDS) this.cols[f][this.n] = frame[frameIndex(f)];
    const m = this.cols.motion;
    if (carry) m[this.n] = this.n > 0 ? m[this.n - 1] : 0;
    else if (this.n > 0) m[this.n] = gap > SAME_PICTURE ? m[this.n] * (STEP / gap) : NaN;
    this.n++;
  }

  /** Dissolves are found a few frames after their middle. */
  setCut(index: number, likelihood: number): void {
    if (index >= 0 && index < this.n) this.cols.cut[index] = likelihood;
  }

  build(): VideoSeries {
    const out = Object.fromEntries(FIELDS.map((f) => [f, this.cols[f].slice(0, this.n)])) as unknown as VideoSeries;
    fillMissing(out.motion);
    return out;
  }
}

/** Linear interpolation over NaN runs (the nearest value at the ends; 0 when nothing is known). */
export function fillMissing(x: Float32Array): void {
  let last = -1;
  for (let i = 0; i <= x.length; i++) {
    if (i < x.length && Number.isNaN(x[i])) continue;
    if (i - last > 1) {
      const a = last >= 0 ? x[last] : i < x.length ? x[i] : 0;
      const b = i < x.length ? x[i] : a;
      for (let k = last + 1; k < i; k++) x[k] = a + ((b - a) * (k - last)) / (i - last);
    }
    last = i;
  }
}
