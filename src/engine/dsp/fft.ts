/**
 * Power spectrum of a real frame: an in-place radix-2 complex FFT of length n/2 on the packed
 * real signal, then the standard split into the n/2 + 1 bins of the real transform. Tables are
 * built once per size; no allocation per frame, since analysis runs ~150 transforms per second
 * of audio and the bar is 100× real time.
 */
export class RealFft {
  readonly size: number;
  private readonly half: number;
  private readonly rev: Uint32Array;
  private readonly cos: Float64Array; // twiddles of the n/2 complex FFT
  private readonly sin: Float64Array;
  private readonly splitCos: Float64Array; // twiddles of the real split, k = 0..n/2
  private readonly splitSin: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    this.size = size;
    const h = size / 2;
    this.half = h;
    const bits = Math.log2(h);
    this.rev = new Uint32Array(h);
    for (let i = 0; i < h; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
    this.cos = new Float64Array(h / 2);
    this.sin = new Float64Array(h / 2);
    for (let i = 0; i < h / 2; i++) {
      this.cos[i] = Math.cos((2 * Math.PI * i) / h);
      this.sin[i] = -Math.sin((2 * Math.PI * i) / h);
    }
    this.splitCos = new Float64Array(h + 1);
    this.splitSin = new Float64Array(h + 1);
    for (let k = 0; k <= h; k++) {
      this.splitCos[k] = Math.cos((2 * Math.PI * k) / size);
      this.splitSin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    this.re = new Float64Array(h);
    this.im = new Float64Array(h);
  }

  /** |X[k]|² for k = 0..n/2 of the (already windowed) frame, written into `out` (length n/2 + 1). */
  power(frame: Float32Array | Float64Array, out: Float32Array | Float64Array): void {
    const { half: h, rev, re, im } = this;
    for (let i = 0; i < h; i++) {
      const j = rev[i];
      re[j] = frame[2 * i];
      im[j] = frame[2 * i + 1];
    }
    // first stage (len 2) has only the twiddle 1
    for (let a = 0; a < h; a += 2) {
      const xr = re[a + 1], xi = im[a + 1];
      re[a + 1] = re[a] - xr;
      im[a + 1] = im[a] - xi;
      re[a] += xr;
      im[a] += xi;
    }
    for (let len = 4; len <= h; len <<= 1) {
      const step = h / len;
      const hl = len >> 1;
      // twiddle-major order: each twiddle is loaded once per stage
      for (let k = 0; k < hl; k++) {
        const wr = this.cos[k * step];
        const wi = this.sin[k * step];
        for (let a = k; a < h; a += len) {
          const b = a + hl;
          const br = re[b], bi = im[b];
          const xr = br * wr - bi * wi;
          const xi = br * wi + bi * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
    // X[k] = (Z[k] + conj Z[h−k])/2 + W^k (Z[k] − conj Z[h−k])/(2i)
    for (let k = 0; k <= h; k++) {
      const k1 = k === h ? 0 : k;
      const k2 = k === 0 ? 0 : h - k;
      const zr = re[k1], zi = im[k1], cr = re[k2], ci = -im[k2];
      const er = zr + cr, ei = zi + ci; // 2 × even part
      const or = zi - ci, oi = cr - zr; // 2 × odd part / i
      const wr = this.splitCos[k], wi = this.splitSin[k];
      const xr = er + or * wr - oi * wi;
      const xi = ei + or * wi + oi * wr;
      out[k] = 0.25 * (xr * xr + xi * xi);
    }
  }
}

/** Periodic Hann window (the STFT convention: overlapped copies at hop n/4 sum to a constant). */
export function hann(n: number): Float32Array {
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}
