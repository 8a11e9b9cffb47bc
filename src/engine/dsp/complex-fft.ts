/**
 * Complex FFT of any length whose factors are 2, 3, 4 and 5 (Stockham autosort, mixed radix).
 *
 * Why another FFT: the codec's inverse STFT has 1280-point frames (5 · 2⁸), which the radix-2
 * RealFft in fft.ts cannot do, and the inverse STFT must run outside the ONNX graph — as a fixed
 * ConvTranspose it was half of the decoder's cost in WASM (docs/codec.md "Decoder output").
 * Twiddles for every stage are tabulated once per size; a transform allocates nothing.
 */
export class ComplexFft {
  readonly size: number;
  private readonly stages: { radix: number; span: number; twRe: Float64Array; twIm: Float64Array }[] = [];
  private readonly bufRe: Float64Array;
  private readonly bufIm: Float64Array;

  constructor(size: number) {
    const radices = factorise(size);
    if (!radices) throw new RangeError(`FFT size must be a product of 2, 3 and 5, got ${size}`);
    this.size = size;
    this.bufRe = new Float64Array(size);
    this.bufIm = new Float64Array(size);
    let span = 1; // Ns: product of the radices already done
    for (const radix of radices) {
      // twiddle for butterfly input r at angle index k (< span): exp(−2πi · r · k / (span · radix))
      const twRe = new Float64Array(span * radix), twIm = new Float64Array(span * radix);
      for (let k = 0; k < span; k++) {
        for (let r = 0; r < radix; r++) {
          const a = (-2 * Math.PI * r * k) / (span * radix);
          twRe[k * radix + r] = Math.cos(a);
          twIm[k * radix + r] = Math.sin(a);
        }
      }
      this.stages.push({ radix, span, twRe, twIm });
      span *= radix;
    }
  }

  /** In place: forward (e^{−2πikn/N}) or, with inverse, e^{+2πikn/N}; no 1/N scaling either way. */
  transform(re: Float64Array, im: Float64Array, inverse = false): void {
    const n = this.size, sign = inverse ? -1 : 1;
    let xr = re, xi = im, yr = this.bufRe, yi = this.bufIm;
    for (const { radix, span, twRe, twIm } of this.stages) {
      const m = n / radix;
      for (let j = 0; j < m; j++) {
        const k = j % span;
        const out = (j - k) * radix + k; // (j / span) · span · radix + k
        if (radix === 2) {
          const wr = twRe[k * 2 + 1], wi = sign * twIm[k * 2 + 1];
          const ar = xr[j], ai = xi[j];
          const br0 = xr[j + m], bi0 = xi[j + m];
          const br = br0 * wr - bi0 * wi, bi = br0 * wi + bi0 * wr;
          yr[out] = ar + br; yi[out] = ai + bi;
          yr[out + span] = ar - br; yi[out + span] = ai - bi;
        } else if (radix === 4) {
          const t = k * 4;
          const a0r = xr[j], a0i = xi[j];
          let w = twRe[t + 1], v = sign * twIm[t + 1];
          const a1r = xr[j + m] * w - xi[j + m] * v, a1i = xr[j + m] * v + xi[j + m] * w;
          w = twRe[t + 2]; v = sign * twIm[t + 2];
          const a2r = xr[j + 2 * m] * w - xi[j + 2 * m] * v, a2i = xr[j + 2 * m] * v + xi[j + 2 * m] * w;
          w = twRe[t + 3]; v = sign * twIm[t + 3];
          const a3r = xr[j + 3 * m] * w - xi[j + 3 * m] * v, a3i = xr[j + 3 * m] * v + xi[j + 3 * m] * w;
          const s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
          const s13r = a1r + a3r, s13i = a1i + a3i;
          // −i·(a1 − a3) forward, +i·(a1 − a3) inverse
          const d13r = sign * (a1i - a3i), d13i = -sign * (a1r - a3r);
          yr[out] = s02r + s13r; yi[out] = s02i + s13i;
          yr[out + span] = d02r + d13r; yi[out + span] = d02i + d13i;
          yr[out + 2 * span] = s02r - s13r; yi[out + 2 * span] = s02i - s13i;
          yr[out + 3 * span] = d02r - d13r; yi[out + 3 * span] = d02i - d13i;
        } else if (radix === 5) {
          // Winograd-style radix 5: 5 twiddles, then 4 real constants instead of a 25-term DFT
          const t = k * 5;
          const a0r = xr[j], a0i = xi[j];
          let w = twRe[t + 1], v = sign * twIm[t + 1];
          const a1r = xr[j + m] * w - xi[j + m] * v, a1i = xr[j + m] * v + xi[j + m] * w;
          w = twRe[t + 2]; v = sign * twIm[t + 2];
          const a2r = xr[j + 2 * m] * w - xi[j + 2 * m] * v, a2i = xr[j + 2 * m] * v + xi[j + 2 * m] * w;
          w = twRe[t + 3]; v = sign * twIm[t + 3];
          const a3r = xr[j + 3 * m] * w - xi[j + 3 * m] * v, a3i = xr[j + 3 * m] * v + xi[j + 3 * m] * w;
          w = twRe[t + 4]; v = sign * twIm[t + 4];
          const a4r = xr[j + 4 * m] * w - xi[j + 4 * m] * v, a4i = xr[j + 4 * m] * v + xi[j + 4 * m] * w;
          const b1r = a1r + a4r, b1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
          const b2r = a2r + a3r, b2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;
          const t1r = a0r + C5_1 * b1r + C5_2 * b2r, t1i = a0i + C5_1 * b1i + C5_2 * b2i;
          const t2r = a0r + C5_2 * b1r + C5_1 * b2r, t2i = a0i + C5_2 * b1i + C5_1 * b2i;
          // u = s·d terms; forward y_q = t − i·u, inverse t + i·u (−i·(x + iy) = y − ix)
          const u1r = sign * (S5_1 * d1r + S5_2 * d2r), u1i = sign * (S5_1 * d1i + S5_2 * d2i);
          const u2r = sign * (S5_2 * d1r - S5_1 * d2r), u2i = sign * (S5_2 * d1i - S5_1 * d2i);
          yr[out] = a0r + b1r + b2r; yi[out] = a0i + b1i + b2i;
          yr[out + span] = t1r + u1i; yi[out + span] = t1i - u1r;
          yr[out + 4 * span] = t1r - u1i; yi[out + 4 * span] = t1i + u1r;
          yr[out + 2 * span] = t2r + u2i; yi[out + 2 * span] = t2i - u2r;
          yr[out + 3 * span] = t2r - u2i; yi[out + 3 * span] = t2i + u2r;
        } else {
          // radix 3: a direct DFT of the twiddled inputs
          const ar = SMALL_RE, ai = SMALL_IM;
          for (let r = 0; r < radix; r++) {
            const w = twRe[k * radix + r], v = sign * twIm[k * radix + r];
            const pr = xr[j + r * m], pi = xi[j + r * m];
            ar[r] = pr * w - pi * v;
            ai[r] = pr * v + pi * w;
          }
          for (let q = 0; q < radix; q++) {
            let sr = 0, si = 0;
            for (let r = 0; r < radix; r++) {
              const c = ROOTS_COS[radix][(q * r) % radix], s = sign * ROOTS_SIN[radix][(q * r) % radix];
              sr += ar[r] * c - ai[r] * s;
              si += ar[r] * s + ai[r] * c;
            }
            yr[out + q * span] = sr;
            yi[out + q * span] = si;
          }
        }
      }
      [xr, yr] = [yr, xr];
      [xi, yi] = [yi, xi];
    }
    if (xr !== re) {
      re.set(xr);
      im.set(xi);
    }
  }
}

const C5_1 = Math.cos((2 * Math.PI) / 5), C5_2 = Math.cos((4 * Math.PI) / 5);
const S5_1 = Math.sin((2 * Math.PI) / 5), S5_2 = Math.sin((4 * Math.PI) / 5);
const SMALL_RE = new Float64Array(5);
const SMALL_IM = new Float64Array(5);
const ROOTS_COS: Record<number, Float64Array> = {};
const ROOTS_SIN: Record<number, Float64Array> = {};
for (const p of [3]) {
  ROOTS_COS[p] = Float64Array.from({ length: p }, (_, i) => Math.cos((-2 * Math.PI * i) / p));
  ROOTS_SIN[p] = Float64Array.from({ length: p }, (_, i) => Math.sin((-2 * Math.PI * i) / p));
}

/** Radices for `n` (4s first, then 2, 3, 5), or null when another prime divides it. */
function factorise(n: number): number[] | null {
  if (!Number.isInteger(n) || n < 1) return null;
  const out: number[] = [];
  let m = n;
  while (m % 4 === 0) { out.push(4); m /= 4; }
  for (const p of [2, 3, 5]) while (m % p === 0) { out.push(p); m /= p; }
  return m === 1 ? out : null;
}

/**
 * Inverse real FFT (numpy/torch irfft, 1/N scaling): the n/2 + 1 bins of a real signal's spectrum
 * → n samples, through one complex FFT of n/2 (the even/odd packing). The imaginary parts of the
 * DC and Nyquist bins are ignored, as irfft does.
 */
export class InverseRealFft {
  readonly size: number;
  private readonly half: ComplexFft;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly wRe: Float64Array; // exp(+2πik/n), k < n/2
  private readonly wIm: Float64Array;

  constructor(size: number) {
    if (size % 2) throw new RangeError(`inverse real FFT size must be even, got ${size}`);
    this.size = size;
    const m = size / 2;
    this.half = new ComplexFft(m);
    this.zr = new Float64Array(m);
    this.zi = new Float64Array(m);
    this.wRe = new Float64Array(m);
    this.wIm = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      this.wRe[k] = Math.cos((2 * Math.PI * k) / size);
      this.wIm[k] = Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** re/im: bins 0..n/2 (offset `at` in each array); out: n samples. */
  inverse(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array, at = 0): void {
    const n = this.size, m = n / 2, { zr, zi, wRe, wIm } = this;
    for (let k = 0; k < m; k++) {
      // E = (X[k] + X*[m−k]) / 2, O = (X[k] − X*[m−k]) · W^{−k} / 2, Z = E + i·O
      const xr = re[at + k], xi = k === 0 ? 0 : im[at + k];
      const yr = re[at + m - k], yi = k === 0 ? 0 : -im[at + m - k]; // conj(X[m−k]); Nyquist imag dropped
      const er = 0.5 * (xr + yr), ei = 0.5 * (xi + yi);
      const dr = 0.5 * (xr - yr), di = 0.5 * (xi - yi);
      const or = dr * wRe[k] - di * wIm[k], oi = dr * wIm[k] + di * wRe[k];
      zr[k] = er - oi;
      zi[k] = ei + or;
    }
    this.half.transform(zr, zi, true);
    const scale = 1 / m;
    for (let j = 0; j < m; j++) {
      out[2 * j] = zr[j] * scale;
      out[2 * j + 1] = zi[j] * scale;
    }
  }
}
