/**
 * The engine's half of an 'istft' codec decoder: the mixed-radix FFT against a direct DFT, and the
 * synthesis against a direct transcription of training/codec/stft.py's ConvISTFT (irfft per
 * frame × periodic Hann, overlap-add, ÷ squared-window overlap-add, trim), whole and in chunks.
 */
import { describe, expect, it } from 'vitest';
import { ComplexFft, InverseRealFft } from '../../src/engine/dsp/complex-fft.ts';
import { SpectralSynth, analyseFrames } from '../../src/engine/codec/synth.ts';
import { mulberry32 } from '../../src/engine/random.ts';

function dft(re: Float64Array, im: Float64Array, inverse: boolean): [Float64Array, Float64Array] {
  const n = re.length, sign = inverse ? 1 : -1;
  const or = new Float64Array(n), oi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const a = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      or[k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
      oi[k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
    }
  }
  return [or, oi];
}

/** numpy.fft.irfft: Hermitian extension, imaginary parts of DC and Nyquist ignored, 1/n. */
function irfft(re: ArrayLike<number>, im: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = re[0] + re[n / 2] * (t % 2 ? -1 : 1);
    for (let k = 1; k < n / 2; k++) {
      const a = (2 * Math.PI * k * t) / n;
      s += 2 * (re[k] * Math.cos(a) - im[k] * Math.sin(a));
    }
    out[t] = s / n;
  }
  return out;
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('ComplexFft', () => {
  for (const n of [1, 2, 3, 4, 5, 8, 12, 20, 30, 60, 64, 80, 640]) {
    it(`size ${n}: forward and inverse equal a direct DFT`, () => {
      const rand = mulberry32(n);
      const re = Float64Array.from({ length: n }, () => rand() - 0.5), im = Float64Array.from({ length: n }, () => rand() - 0.5);
      for (const inverse of [false, true]) {
        const [er, ei] = dft(re, im, inverse);
        const r = re.slice(), i = im.slice();
        new ComplexFft(n).transform(r, i, inverse);
        expect(maxAbs(r, er)).toBeLessThan(1e-9 * n);
        expect(maxAbs(i, ei)).toBeLessThan(1e-9 * n);
      }
    });
  }

  it('refuses sizes with other prime factors', () => {
    expect(() => new ComplexFft(14)).toThrow(/product of 2, 3 and 5/);
  });
});

describe('InverseRealFft', () => {
  for (const n of [4, 12, 20, 128, 1280]) {
    it(`size ${n} equals irfft, DC and Nyquist imaginary parts ignored`, () => {
      const rand = mulberry32(n + 1), bins = n / 2 + 1;
      const re = Float64Array.from({ length: bins }, () => rand() - 0.5), im = Float64Array.from({ length: bins }, () => rand() - 0.5);
      const out = new Float64Array(n);
      new InverseRealFft(n).inverse(re, im, out);
      expect(maxAbs(out, irfft(re, im, n))).toBeLessThan(1e-12 * n);
    });
  }
});

/** ConvISTFT after the decoder's cumsum, written out directly; frame-major inputs (s · bins + k). */
function referenceIstft(mag: Float32Array, dphase: Float32Array, bins: number, frames: number, nFft: number, hop: number): Float64Array {
  const w = Float64Array.from({ length: nFft }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nFft));
  const total = (frames - 1) * hop + nFft;
  const y = new Float64Array(total), env = new Float64Array(total);
  const phase = new Float64Array(bins);
  for (let s = 0; s < frames; s++) {
    const re = new Float64Array(bins), im = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      phase[k] += dphase[s * bins + k];
      re[k] = mag[s * bins + k] * Math.cos(phase[k]);
      im[k] = mag[s * bins + k] * Math.sin(phase[k]);
    }
    const f = irfft(re, im, nFft);
    for (let i = 0; i < nFft; i++) {
      y[s * hop + i] += f[i] * w[i];
      env[s * hop + i] += w[i] * w[i];
    }
  }
  const trim = (nFft - hop) / 2;
  return Float64Array.from({ length: frames * hop }, (_, i) => y[trim + i] / Math.max(env[trim + i], 1e-4));
}

describe('SpectralSynth', () => {
  const nFft = 40, hop = 10, bins = nFft / 2 + 1, frames = 23;
  const rand = mulberry32(7);
  const mag = Float32Array.from({ length: bins * frames }, () => rand() * 2);
  const dphase = Float32Array.from({ length: bins * frames }, () => (rand() - 0.5) * 6);
  const want = referenceIstft(mag, dphase, bins, frames, nFft, hop);

  it('whole: frames · hop samples equal to ConvISTFT after a cumulative phase', () => {
    const s = new SpectralSynth(nFft, hop);
    const a = s.push(mag, dphase, 0, frames), b = s.flush();
    expect(a.length + b.length).toBe(frames * hop);
    const got = new Float64Array([...a, ...b]);
    expect(maxAbs(got, want)).toBeLessThan(1e-5);
  });

  it('in uneven chunks: the same samples, phase and overlap carried across pushes', () => {
    const s = new SpectralSynth(nFft, hop);
    const parts: number[] = [];
    for (const [from, to] of [[0, 1], [1, 2], [2, 9], [9, 10], [10, 23]]) parts.push(...s.push(mag, dphase, from, to));
    parts.push(...s.flush());
    expect(parts.length).toBe(frames * hop);
    expect(maxAbs(parts, want)).toBeLessThan(1e-5);
  });

  it("'centre' origin: bin k starts at π·k, so equal advances in neighbouring bins add at the frame centre", () => {
    // A sinusoid between bins 4 and 5: both bins carry it with the same advance. Referenced to the
    // frame start the two bins cancel where the window is 1; referenced to the centre they add.
    const F = 30, m = new Float32Array(bins * F), d = new Float32Array(bins * F);
    for (let s = 0; s < F; s++) for (const k of [4, 5]) { m[s * bins + k] = 10; d[s * bins + k] = (2 * Math.PI * 4.5 * hop) / nFft; }
    const rms = (origin: 'start' | 'centre') => {
      const s = new SpectralSynth(nFft, hop, origin);
      const y = [...s.push(m, d, 0, F), ...s.flush()].slice(60, 240);
      return Math.sqrt(y.reduce((a, v) => a + v * v, 0) / y.length);
    };
    expect(rms('centre')).toBeGreaterThan(3 * rms('start'));
  });

  it('a constant phase advance at a bin centre gives a steady sinusoid of that frequency', () => {
    // bin 4 of a 40-point frame at rate 40 is 4 cycles per 40 samples; the advance per hop is 2π · 4 · 10 / 40
    const F = 30, m = new Float32Array(bins * F), d = new Float32Array(bins * F);
    for (let s = 0; s < F; s++) { m[s * bins + 4] = 10; d[s * bins + 4] = (2 * Math.PI * 4 * hop) / nFft; }
    const s = new SpectralSynth(nFft, hop);
    const y = [...s.push(m, d, 0, F), ...s.flush()];
    const mid = y.slice(50, 250);
    const peak = Math.max(...mid.map(Math.abs));
    expect(peak).toBeGreaterThan(0.4); // 2 · 10 / 40 = 0.5 for a bin-centred sinusoid
    for (let i = 50; i < 240; i++) expect(Math.abs(y[i + 10] - y[i])).toBeLessThan(1e-6 + peak * 1e-6); // period 10 samples
  });
});

describe("SpectralSynth, phase 'peaks' (magnitudes only)", () => {
  const nFft = 1280, hop = 320, rate = 32000, bins = nFft / 2 + 1;
  const tone = (hz: number[], seconds: number, amp = 0.2) =>
    Float32Array.from({ length: seconds * rate }, (_, i) => hz.reduce((a, f, j) => a + (amp / (j + 1)) * Math.sin((2 * Math.PI * f * i) / rate + j), 0));
  const resynth = (x: Float32Array, chunks?: number[]) => {
    const { mag, frames } = analyseFrames(x, nFft, hop);
    const s = new SpectralSynth(nFft, hop, 'start', 'peaks');
    const out: number[] = [];
    let from = 0;
    for (const to of [...(chunks ?? []), frames]) { out.push(...s.push(mag, null, from, to)); from = to; }
    out.push(...s.flush());
    return Float32Array.from(out);
  };
  const rms = (a: ArrayLike<number>, from: number, to: number) => {
    let e = 0;
    for (let i = from; i < to; i++) e += a[i] * a[i];
    return Math.sqrt(e / (to - from));
  };
  /** Frequency of the strongest partial over [from, to): a long FFT's peak, parabola-interpolated. */
  const peakHz = (a: Float32Array, from: number) => {
    const n = 16384, re = new Float64Array(n), im = new Float64Array(n);
    for (let i = 0; i < n; i++) re[i] = a[from + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    new ComplexFft(n).transform(re, im);
    let k = 1;
    for (let j = 1; j < n / 2; j++) if (Math.hypot(re[j], im[j]) > Math.hypot(re[k], im[k])) k = j;
    const [l, c, r] = [k - 1, k, k + 1].map((j) => Math.log(Math.hypot(re[j], im[j])));
    return ((k + (0.5 * (l - r)) / (l - 2 * c + r)) * rate) / n;
  };

  for (const hz of [65.4, 261.6, 440, 1046.5, 2093]) {
    it(`a held ${hz} Hz sine keeps its level and pitch through its own magnitudes`, () => {
      const x = tone([hz], 2), y = resynth(x);
      expect(y.length).toBe(x.length);
      const level = rms(y, 8000, 56000) / rms(x, 8000, 56000);
      expect(level).toBeGreaterThan(0.9);
      expect(level).toBeLessThan(1.1);
      // within 10 cents (the bar for a note is 50); at 65 Hz (bin 2.6) the mirror image's lobe
      // bends the parabola the frequency is read from: 8 cents measured, 0-2 above 200 Hz
      expect(Math.abs(1200 * Math.log2(peakHz(y, 8000) / hz))).toBeLessThan(10);
    });
  }

  it('a harmonic tone keeps its fundamental and its level', () => {
    const x = tone([110, 220, 330, 440, 550], 2), y = resynth(x);
    expect(rms(y, 8000, 56000) / rms(x, 8000, 56000)).toBeGreaterThan(0.85);
    expect(Math.abs(1200 * Math.log2(peakHz(y, 8000) / 110))).toBeLessThan(5);
  });

  it('streamed in uneven chunks equals one whole run (phase carried across pushes)', () => {
    const x = tone([196, 293.7, 392], 1);
    const whole = resynth(x), parts = resynth(x, [1, 7, 8, 40, 61]);
    expect(maxAbs(parts, whole)).toBeLessThan(1e-6);
  });

  it('silence stays silent, and no dphase is read', () => {
    const s = new SpectralSynth(nFft, hop, 'centre', 'peaks');
    const y = [...s.push(new Float32Array(bins * 10), null, 0, 10), ...s.flush()];
    expect(y.length).toBe(10 * hop);
    expect(Math.max(...y.map(Math.abs))).toBe(0);
  });

  it("'advance' mode refuses to run without phase advances", () => {
    expect(() => new SpectralSynth(nFft, hop).push(new Float32Array(bins), null, 0, 1)).toThrow(/phase advances/);
  });
});

describe('finiteMagnitudes', () => {
  it('keeps finite magnitudes as they are (no copy) and sets NaN, ±Infinity and negatives to 0', async () => {
    const { finiteMagnitudes } = await import('../../src/engine/codec/decoder.ts');
    const fine = Float32Array.from([0, 0.5, 3]);
    expect(finiteMagnitudes(fine)).toBe(fine);
    const bad = Float32Array.from([1, NaN, Infinity, -2, 4, -Infinity]);
    expect(Array.from(finiteMagnitudes(bad))).toEqual([1, 0, 0, 0, 4, 0]);
    expect(bad[1]).toBeNaN(); // the graph's output is not written over
  });
});
