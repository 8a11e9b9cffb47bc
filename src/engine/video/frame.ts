/**
 * Frames as the analyser sees them, and the scaling every source goes through. The browser hands
 * over RGBA from a canvas, ffmpeg rgb24, Y4M is converted to RGB: `channels` says which, and the
 * analysis reads only R, G and B, so the same pixels give the same descriptors on every path.
 */
import { ANALYSIS_HEIGHT, ANALYSIS_WIDTH } from './spec.ts';

export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  /** 3 (RGB) or 4 (RGBA, alpha ignored), row-major, 8 bits per channel. */
  readonly channels: 3 | 4;
  readonly data: Uint8Array | Uint8ClampedArray;
}

export function checkFrame(f: RgbFrame): void {
  if (!(f.width > 0 && f.height > 0)) throw new Error(`frame has no pixels (${f.width}×${f.height})`);
  if (f.data.length < f.width * f.height * f.channels) {
    throw new Error(`frame data too short: ${f.data.length} bytes for ${f.width}×${f.height}×${f.channels}`);
  }
}

/**
 * Area-average scaling to any size (up or down): each destination pixel is the mean of the
 * source area it covers, with fractional edge weights. Used for raw and Y4M input; ffmpeg and
 * the browser scale before the frame reaches the engine.
 */
export function scaleFrame(src: RgbFrame, dstW = ANALYSIS_WIDTH, dstH = ANALYSIS_HEIGHT): RgbFrame {
  checkFrame(src);
  if (src.width === dstW && src.height === dstH && src.channels === 3) return src;
  const out = new Uint8Array(dstW * dstH * 3);
  const sx = src.width / dstW;
  const sy = src.height / dstH;
  const c = src.channels;
  const acc = [0, 0, 0];
  for (let y = 0; y < dstH; y++) {
    const y0 = y * sy;
    const y1 = y0 + sy;
    for (let x = 0; x < dstW; x++) {
      const x0 = x * sx;
      const x1 = x0 + sx;
      acc[0] = acc[1] = acc[2] = 0;
      let wsum = 0;
      for (let yy = Math.floor(y0); yy < Math.min(src.height, Math.ceil(y1)); yy++) {
        const wy = Math.min(yy + 1, y1) - Math.max(yy, y0);
        for (let xx = Math.floor(x0); xx < Math.min(src.width, Math.ceil(x1)); xx++) {
          const w = wy * (Math.min(xx + 1, x1) - Math.max(xx, x0));
          const i = (yy * src.width + xx) * c;
          acc[0] += w * src.data[i];
          acc[1] += w * src.data[i + 1];
          acc[2] += w * src.data[i + 2];
          wsum += w;
        }
      }
      const o = (y * dstW + x) * 3;
      out[o] = Math.round(acc[0] / wsum);
      out[o + 1] = Math.round(acc[1] / wsum);
      out[o + 2] = Math.round(acc[2] / wsum);
    }
  }
  return { width: dstW, height: dstH, channels: 3, data: out };
}

/** RGBA (canvas ImageData) to the packed RGB that ffmpeg gives, byte for byte. */
export function rgbaToRgb(data: Uint8Array | Uint8ClampedArray, width: number, height: number): RgbFrame {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = data[i * 4];
    out[i * 3 + 1] = data[i * 4 + 1];
    out[i * 3 + 2] = data[i * 4 + 2];
  }
  return { width, height, channels: 3, data: out };
}
