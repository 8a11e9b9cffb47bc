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
import { ComplexFft, InverseRealFft } from '../dsp/complex-fft.ts';

/**
 * Where each frame's phase comes from. 'advance': the graph writes each bin's phase advance and
 * the synth sums it. 'peaks': the graph writes magnitudes only and the phase is derived from them
 * (a phase vocoder with identity phase locking, Laroche & Dolson 1999): each spectral peak's
 * frequency is read from its parabola on the log magnitudes, its phase advances by that frequency
 * over the hop from the phase its bin had in the previous frame, and every bin of the peak's
 * region (trough to trough) takes the peak's phase, in the frame-centre reference where a
 * windowed sinusoid's main-lobe bins share one phase. A held partial then stays one coherent
 * sinusoid at the frequency its magnitudes say, whatever the decoder's phase skills — a network
 * that had to learn phase let held notes decode silent (docs/codec.md).
 */
export type SynthPhase = 'advance' | 'peaks';

/** Peaks below the frame's loudest by more than this (−80 dB) are not peaks: their bins join a neighbour's region. */
const PEAK_FLOOR = 1e-4;

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

  /** 'peaks' only: the peaks of the current frame and their new phases (scratch, no allocation per frame). */
  private readonly peakBins: Int32Array;
  private readonly peakPhase: Float64Array;

  constructor(readonly nFft: number, readonly hop: number, frameOrigin: 'start' | 'centre' = 'start', readonly phaseMode: SynthPhase = 'advance') {
    this.bins = nFft / 2 + 1;
    this.peakBins = new Int32Array(this.bins);
    this.peakPhase = new Float64Array(this.bins);
    this.ifft = new InverseRealFft(nFft);
    this.window = Float64Array.from({ length: nFft }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nFft));
    this.window2 = this.window.map((w) => w * w);
    // 'centre': bin k starts at π·k (phase relative to the frame's centre; CodecSynthesis). In
    // 'peaks' mode the phase is kept in the centre reference and converted per frame.
    this.phase = Float64Array.from({ length: this.bins }, (_, k) => (frameOrigin === 'centre' && phaseMode === 'advance' ? (Math.PI * k) % (2 * Math.PI) : 0));
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
   * them (bin k of frame s at s · bins + k); `dphase` is not read in 'peaks' mode. Returns the
   * samples now final.
   */
  push(mag: ArrayLike<number>, dphase: ArrayLike<number> | null, from: number, to: number): Float32Array {
    const { bins, hop, nFft, re, im, phase, frame, acc, env, window, window2 } = this;
    const out = new Float32Array(Math.max(0, (to - from) * hop - this.toTrim));
    let o = 0;
    for (let s = from; s < to; s++) {
      const at = s * bins;
      if (this.phaseMode === 'peaks') {
        this.peaksFrame(mag, at);
      } else {
        if (!dphase) throw new Error("SpectralSynth in 'advance' mode needs the phase advances");
        for (let k = 0; k < bins; k++) {
          const p = (phase[k] += dphase[at + k]);
          const m = mag[at + k];
          re[k] = m * Math.cos(p);
          im[k] = m * Math.sin(p);
        }
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

  /**
   * 'peaks' mode: this frame's phase (centre reference) from its magnitudes and the last frame's
   * phase, and the frame's spectrum in re/im. A region shares one phase, so it costs one cos/sin
   * (not one per bin): cheaper than summing advances.
   */
  private peaksFrame(mag: ArrayLike<number>, at: number): void {
    const { bins, phase, peakBins, peakPhase, hop, nFft, re, im } = this;
    let loudest = 0;
    for (let k = 0; k < bins; k++) if (mag[at + k] > loudest) loudest = mag[at + k];
    const floor = Math.max(loudest * PEAK_FLOOR, 1e-9);
    let n = 0;
    for (let k = 1; k < bins - 1; k++) {
      const v = mag[at + k];
      if (v > floor && v > mag[at + k - 1] && v >= mag[at + k + 1]) peakBins[n++] = k;
    }
    const perBin = (2 * Math.PI * hop) / nFft; // phase advance over one hop per bin of frequency
    if (n === 0) {
      // nothing tonal (silence, or flat noise): every bin at its own centre frequency
      for (let k = 0; k < bins; k++) {
        const p = (phase[k] = (phase[k] + perBin * k) % (2 * Math.PI));
        const m = k & 1 ? -mag[at + k] : mag[at + k]; // centre → frame-start reference: + π·k
        re[k] = m * Math.cos(p);
        im[k] = m * Math.sin(p);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const p = peakBins[i];
      const a = Math.log(mag[at + p - 1] + 1e-12), b = Math.log(mag[at + p] + 1e-12), c = Math.log(mag[at + p + 1] + 1e-12);
      const den = a - 2 * b + c;
      let d = den < 0 ? (0.5 * (a - c)) / den : 0;
      d = d > 0.5 ? 0.5 : d < -0.5 ? -0.5 : d;
      // from the phase its bin had last frame: the last frame's peak whose region held this bin
      peakPhase[i] = (phase[p] + perBin * (p + d)) % (2 * Math.PI);
    }
    let k = 0;
    for (let i = 0; i < n; i++) {
      let end = bins;
      if (i + 1 < n) {
        // the region ends at the trough between this peak and the next
        end = peakBins[i] + 1;
        for (let j = peakBins[i] + 1; j < peakBins[i + 1]; j++) if (mag[at + j] < mag[at + end]) end = j;
        end++;
      }
      const p = peakPhase[i], c = Math.cos(p), sn = Math.sin(p);
      for (; k < end; k++) {
        phase[k] = p;
        const m = k & 1 ? -mag[at + k] : mag[at + k]; // centre → frame-start reference: + π·k
        re[k] = m * c;
        im[k] = m * sn;
      }
    }
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

/**
 * The decoder's framing, forwards: STFT magnitudes and frame-start phases of `x` (frame-major,
 * frames · bins), frames = ⌈length / hop⌉, frame s centred on sample s · hop + hop/2 (zeros
 * outside the signal), periodic Hann. What a perfect decoder would write: SpectralSynth turns it
 * back into `x` (phase 'advance', the phase differences as advances) — the codec's synthesis
 * ceiling (scripts/codec-synthesis-ceiling.ts).
 */
export function analyseFrames(x: Float32Array, nFft: number, hop: number): { mag: Float64Array; phase: Float64Array; frames: number } {
  const bins = nFft / 2 + 1, frames = Math.ceil(x.length / hop), pad = (nFft - hop) / 2;
  const fft = new ComplexFft(nFft), re = new Float64Array(nFft), im = new Float64Array(nFft);
  const mag = new Float64Array(frames * bins), phase = new Float64Array(frames * bins);
  for (let s = 0; s < frames; s++) {
    const start = s * hop - pad;
    for (let i = 0; i < nFft; i++) {
      const j = start + i;
      re[i] = j >= 0 && j < x.length ? x[j] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / nFft)) : 0;
      im[i] = 0;
    }
    fft.transform(re, im);
    for (let k = 0; k < bins; k++) {
      mag[s * bins + k] = Math.hypot(re[k], im[k]);
      phase[s * bins + k] = Math.atan2(im[k], re[k]);
    }
  }
  return { mag, phase, frames };
}
