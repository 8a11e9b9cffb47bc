/**
 * Planar YUV (a decoded video frame, before any RGB conversion) straight to an analysis-size RGB
 * frame: average Y, U and V over each analysis pixel's area, then convert the 64×36 result.
 * This is the order ffmpeg's `scale=64:36:flags=area,format=rgb24` works in for the CLI, and it
 * is several times cheaper in the page than drawing the full frame into a canvas (which converts
 * every source pixel to RGB first). Large sources are sampled on a grid of about 10×10 points
 * per analysis pixel: the mean of 100 samples differs from the full mean by far less than a
 * quantisation step on real footage.
 */
import type { RgbFrame } from './frame.ts';
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from './spec.ts';

export type YuvFormat = 'I420' | 'I422' | 'I444' | 'NV12';

export interface YuvPlanes {
  readonly format: YuvFormat;
  /** Visible picture size in luma pixels. */
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  /** Per plane (Y, U, V; or Y, UV for NV12): byte offset and stride, as VideoFrame.copyTo returns. */
  readonly layout: readonly { readonly offset: number; readonly stride: number }[];
  /** 'bt709' for HD sources that say so; anything else is treated as BT.601 (ffmpeg's default). */
  readonly matrix: string | null;
  readonly fullRange: boolean;
}

export const YUV_FORMATS: readonly string[] = ['I420', 'I420A', 'I422', 'I444', 'NV12'];

/** Sample points per analysis pixel side: luma 10, chroma 5 (half resolution and smooth already). */
const LUMA_SAMPLES = 10;
const CHROMA_SAMPLES = 5;

function bins(src: number, dst: number, samples: number): { bin: Int32Array; step: number } {
  const step = Math.max(1, Math.floor(src / dst / samples));
  const n = Math.ceil(src / step);
  const bin = new Int32Array(n);
  for (let i = 0; i < n; i++) bin[i] = Math.min(dst - 1, Math.floor((i * step * dst) / src));
  return { bin, step };
}

/** Clockwise rotation (0, 90, 180, 270) is applied after scaling, in display orientation. */
export function yuvToAnalysisFrame(p: YuvPlanes, rotation = 0): RgbFrame {
  const quarter = rotation === 90 || rotation === 270;
  // Scale in coded orientation to the size that becomes 64×36 once turned.
  const W = quarter ? ANALYSIS_HEIGHT : ANALYSIS_WIDTH;
  const H = quarter ? ANALYSIS_WIDTH : ANALYSIS_HEIGHT;
  const sy = new Float64Array(W * H), su = new Float64Array(W * H), sv = new Float64Array(W * H);
  const ny = new Float64Array(W * H), nc = new Float64Array(W * H);
  const d = p.data;
  const [ly, lu, lv] = p.layout;
  const bx = bins(p.width, W, LUMA_SAMPLES), by = bins(p.height, H, LUMA_SAMPLES);
  for (let yi = 0; yi < by.bin.length; yi++) {
    const row = ly.offset + yi * by.step * ly.stride;
    const ob = by.bin[yi] * W;
    for (let xi = 0; xi < bx.bin.length; xi++) {
      const o = ob + bx.bin[xi];
      sy[o] += d[row + xi * bx.step];
      ny[o]++;
    }
  }
  const subX = p.format === 'I444' ? 1 : 2;
  const subY = p.format === 'I420' || p.format === 'NV12' ? 2 : 1;
  const cw = Math.ceil(p.width / subX), ch = Math.ceil(p.height / subY);
  const cx = bins(cw, W, CHROMA_SAMPLES), cy = bins(ch, H, CHROMA_SAMPLES);
  for (let yi = 0; yi < cy.bin.length; yi++) {
    const ob = cy.bin[yi] * W;
    if (p.format === 'NV12') {
      const row = lu.offset + yi * cy.step * lu.stride;
      for (let xi = 0; xi < cx.bin.length; xi++) {
        const o = ob + cx.bin[xi], i = row + 2 * xi * cx.step;
        su[o] += d[i]; sv[o] += d[i + 1]; nc[o]++;
      }
    } else {
      const ru = lu.offset + yi * cy.step * lu.stride, rv = lv.offset + yi * cy.step * lv.stride;
      for (let xi = 0; xi < cx.bin.length; xi++) {
        const o = ob + cx.bin[xi], k = xi * cx.step;
        su[o] += d[ru + k]; sv[o] += d[rv + k]; nc[o]++;
      }
    }
  }
  const out = new Uint8Array(ANALYSIS_WIDTH * ANALYSIS_HEIGHT * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const Y = ny[i] ? sy[i] / ny[i] : 0, U = nc[i] ? su[i] / nc[i] : 128, V = nc[i] ? sv[i] / nc[i] : 128;
      // Turn clockwise into display orientation.
      const [dx, dy] = rotation === 90 ? [H - 1 - y, x] : rotation === 180 ? [W - 1 - x, H - 1 - y] : rotation === 270 ? [y, W - 1 - x] : [x, y];
      writeRgb(out, (dy * ANALYSIS_WIDTH + dx) * 3, Y, U, V, p.fullRange, p.matrix === 'bt709');
    }
  }
  return { width: ANALYSIS_WIDTH, height: ANALYSIS_HEIGHT, channels: 3, data: out };
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * One pixel Y'CbCr → R'G'B' bytes at out[o..o+2]: limited (16–235/240) or full range, BT.601 or
 * BT.709 matrix. The one conversion used by every frame source (WebCodecs planes, Y4M).
 */
export function writeRgb(out: Uint8Array, o: number, Y: number, U: number, V: number, fullRange: boolean, bt709: boolean): void {
  const kr = bt709 ? 0.2126 : 0.299, kb = bt709 ? 0.0722 : 0.114, kg = 1 - kr - kb;
  const yy = fullRange ? Y : (Y - 16) * (255 / 219);
  const u = (U - 128) * (fullRange ? 1 : 255 / 224), v = (V - 128) * (fullRange ? 1 : 255 / 224);
  const r = yy + 2 * (1 - kr) * v;
  const b = yy + 2 * (1 - kb) * u;
  const g = (yy - kr * r - kb * b) / kg;
  out[o] = clamp(r); out[o + 1] = clamp(g); out[o + 2] = clamp(b);
}
