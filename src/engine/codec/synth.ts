/**
 * STFT frames → audio, for codec decoders that write magnitudes and phase advances
 * (CodecSynthesis 'istft', docs/pack-format.md).
 *
 * Why the engine does this and not the graph: as a fixed ConvTranspose the inverse STFT was half
 * of codec-v2's decode cost in WASM; here it is a 1280-point FFT per frame. And the phase is a
 * running sum of the advances the decoder predicts (its harmonic prior: a held note is a coherent
 * sinusoid at any frequency), so streamed chunks must continue each bin's phase where the last chunk
 * left it — a graph run per chunk would restart every sum at zero and click at every join. Sums
 * are kept in float64, so hours of audio do not drift.
 *
 * The maths equals training/codec/stft.py's ConvISTFT after the decoder's cumsum: frames are
 * irfft(mag · e^{iφ}) × periodic Hann, overlap-added at `hop`, divided by the window's squared
 * overlap-add, and the first (n_fft − hop)/2 samples are trimmed, so F frames give F · hop samples.
 */
import { InverseRealFft } from '../dsp/complex-fft.ts';

export class SpectralSynth {
  readonly bins: number;
  private readonly ifft: InverseRealFft;
  private readonly window: Float64Array;
  private readonly window2: Float64Array;
  private readonly phase: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly frame: Float64Array;
  /** Overlap-add of frames and of squared windows, from sample `frames · hop` (pre-trim) on. */
  private readonly acc: Float64Array;
  private readonly env: Float64Array;
  private frames = 0;
  /** Pre-trim samples still to drop from the start. */
  private toTrim: number;

  constructor(readonly nFft: number, readonly hop: number, frameOrigin: 'start' | 'centre' = 'start') {
    this.bins = nFft / 2 + 1;
    this.ifft = new InverseRealFft(nFft);
    this.window = Float64Array.from({ length: nFft }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nFft));
    this.window2 = this.window.map((w) => w * w);
    // 'centre': bin k starts at π·k (phase relative to the frame's centre; CodecSynthesis)
    this.phase = Float64Array.from({ length: this.bins }, (_, k) => (frameOrigin === 'centre' ? (Math.PI * k) % (2 * Math.PI) : 0));
    this.re = new Float64Array(this.bins);
    this.im = new Float64Array(this.bins);
    this.frame = new Float64Array(nFft);
    this.acc = new Float64Array(nFft);
    this.env = new Float64Array(nFft);
    this.toTrim = (nFft - hop) / 2;
  }

  /** Frames written so far. */
  get framesDone(): number {
    return this.frames;
  }

  /**
   * Adds STFT frames [from, to) of `mag` and `dphase`, laid out frame-major as the graph writes
   * them (bin k of frame s at s · bins + k). Returns the samples now final.
   */
  push(mag: ArrayLike<number>, dphase: ArrayLike<number>, from: number, to: number): Float32Array {
    const { bins, hop, nFft, re, im, phase, frame, acc, env, window, window2 } = this;
    const out = new Float32Array(Math.max(0, (to - from) * hop - this.toTrim));
    let o = 0;
    for (let s = from; s < to; s++) {
      const at = s * bins;
      for (let k = 0; k < bins; k++) {
        const p = (phase[k] += dphase[at + k]);
        const m = mag[at + k];
        re[k] = m * Math.cos(p);
        im[k] = m * Math.sin(p);
      }
      this.ifft.inverse(re, im, frame);
      for (let i = 0; i < nFft; i++) {
        acc[i] += frame[i] * window[i];
        env[i] += window2[i];
      }
      // Samples [0, hop) of the buffer are final: no later frame reaches back before its start.
      o = this.emit(out, o, hop);
      this.frames++;
    }
    return o === out.length ? out : out.subarray(0, o);
  }

  /** The end of the stream: the samples the last frames cover up to frames · hop (post-trim). */
  flush(): Float32Array {
    const rest = (this.nFft - this.hop) / 2; // pre-trim samples past frames · hop that belong to the output
    const out = new Float32Array(Math.max(0, rest - this.toTrim));
    const o = this.emit(out, 0, rest);
    this.acc.fill(0);
    this.env.fill(0);
    return out.subarray(0, o);
  }

  /** Writes `n` buffered samples (after the trim) into out at o, shifts the buffer by n. */
  private emit(out: Float32Array, o: number, n: number): number {
    const { acc, env } = this;
    for (let i = 0; i < n; i++) {
      if (this.toTrim > 0) {
        this.toTrim--;
        continue;
      }
      out[o++] = acc[i] / Math.max(env[i], 1e-4);
    }
    acc.copyWithin(0, n);
    env.copyWithin(0, n);
    acc.fill(0, acc.length - n);
    env.fill(0, env.length - n);
    return o;
  }
}
