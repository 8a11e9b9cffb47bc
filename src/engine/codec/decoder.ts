/**
 * Tokens → audio through a codec pack's decoder graph, whole or streamed.
 *
 * Streaming: generation hands over complete frames a chunk at a time. The decoder is a stack of
 * non-causal convolutions, so a frame's audio depends on `context_frames` frames each side.
 * Each run therefore reads that many already-decoded frames before the chunk and holds back the
 * chunk's last `context_frames` frames until their right-hand context has arrived (or the stream
 * ends): every frame is decoded with all the context it would have in one whole-take run, so the
 * joins need no crossfade — with an fp32 graph the stream equals one whole decode
 * (test/codec/decoder.test.ts); an int8 graph quantises activations with each run's own range, so
 * runs over different spans differ at int8's noise level everywhere (about −37 dB RMS measured),
 * not at the joins. For 'istft' packs the spectral synthesis (synth.ts) carries phase and
 * overlap-add across runs.
 */
import type { CodecManifest } from '../pack/manifest.ts';
import { i64, type ModelSession } from '../generate/session.ts';
import { SpectralSynth } from './synth.ts';

export class CodecStream {
  private codes: Int32Array[]; // per codebook, frames so far
  private known = 0; // frames received
  private done = 0; // frames whose audio has been written
  private readonly synth: SpectralSynth | null;
  private ended = false;

  constructor(private readonly codec: CodecManifest, private readonly decoder: ModelSession) {
    this.codes = Array.from({ length: codec.codebooks }, () => new Int32Array(256));
    const s = codec.synthesis;
    this.synth = s.kind === 'istft' ? new SpectralSynth(s.n_fft, s.stft_hop, s.frame_origin, s.phase) : null;
  }

  /** Frames received so far. */
  get frames(): number {
    return this.known;
  }

  /** Frames whose audio has been written (the rest wait for their right-hand context). */
  get decoded(): number {
    return this.done;
  }

  /** Frames one graph run reads to write frames [decoded, upTo): those and their context (0: no run). */
  decodeRun(upTo: number): number {
    if (upTo <= this.done) return 0;
    const C = this.codec.context_frames;
    return Math.min(Math.max(this.known, upTo), upTo + C) - Math.max(0, this.done - C);
  }

  /**
   * Appends `n` frames (`codes` codebook-major: K × n) and returns the audio that is now final —
   * possibly empty while the right-hand context of the newest frames is still to come.
   */
  async push(codes: Int32Array, n: number): Promise<Float32Array> {
    this.append(codes, n);
    return this.decodeUpTo(this.known - this.codec.context_frames);
  }

  /** Stores frames without decoding (a whole take then decodes in one run at end()). */
  append(codes: Int32Array, n: number): void {
    if (this.ended) throw new Error('codec stream already ended');
    const K = this.codec.codebooks;
    if (codes.length !== K * n) throw new Error(`codes have ${codes.length} entries, expected ${K} × ${n}`);
    for (let k = 0; k < K; k++) {
      if (this.known + n > this.codes[k].length) {
        const grown = new Int32Array(Math.max(2 * this.codes[k].length, this.known + n));
        grown.set(this.codes[k].subarray(0, this.known));
        this.codes[k] = grown;
      }
      for (let i = 0; i < n; i++) {
        const c = codes[k * n + i];
        if (!(c >= 0 && c < this.codec.codebook_size)) throw new Error(`code ${c} at codebook ${k} is outside [0, ${this.codec.codebook_size})`);
        this.codes[k][this.known + i] = c;
      }
    }
    this.known += n;
  }

  /** No more frames: writes the rest. */
  async end(): Promise<Float32Array> {
    this.ended = true;
    const body = await this.decodeUpTo(this.known);
    if (!this.synth) return body;
    const tail = this.synth.flush();
    const out = new Float32Array(body.length + tail.length);
    out.set(body);
    out.set(tail, body.length);
    return out;
  }

  /** Writes frames [done, upTo): one graph run over them plus their context. */
  private async decodeUpTo(upTo: number): Promise<Float32Array> {
    if (upTo <= this.done) return new Float32Array(0);
    const { codebooks: K, hop, context_frames: C } = this.codec;
    const first = Math.max(0, this.done - C);
    const last = Math.min(this.known, upTo + C);
    const n = last - first;
    const data = new BigInt64Array(K * n);
    for (let k = 0; k < K; k++) for (let i = 0; i < n; i++) data[k * n + i] = BigInt(this.codes[k][first + i]);
    const out = await this.decoder.run({ codes: i64(data, [1, K, n]) });
    const from = this.done - first, to = upTo - first;
    this.done = upTo;
    if (!this.synth) {
      const wav = out.wav?.data as Float32Array | undefined;
      if (!wav || wav.length !== n * hop) throw new Error(`decoder wrote ${wav?.length ?? 'no'} samples for ${n} frames (hop ${hop})`);
      return wav.slice(from * hop, to * hop);
    }
    const mag = out.mag?.data as Float32Array | undefined, dphase = out.dphase?.data as Float32Array | undefined;
    const sub = hop / this.synth.hop, peaks = this.synth.phaseMode === 'peaks';
    if (!mag || mag.length !== n * sub * this.synth.bins || (!peaks && dphase?.length !== mag.length)) {
      throw new Error(`decoder must write ${peaks ? 'mag' : 'mag and dphase'} of ${n * sub} × ${this.synth.bins} for ${n} frames; it wrote ${Object.keys(out).join(', ')}`);
    }
    return this.synth.push(finiteMagnitudes(mag), peaks ? null : dphase!, from * sub, to * sub);
  }
}

/**
 * The graph's magnitudes with any value that is not a finite number ≥ 0 set to 0 (a copy only when
 * one is found). Why: one overflowing magnitude makes its whole frame NaN in the synthesis, and a
 * NaN sample poisons every node after it — the take's bus and its level meter, even through the
 * muted take kept beside the heard one for A/B — so a whole take would play silent. A lost bin is
 * heard as a bin, not as silence.
 */
export function finiteMagnitudes(mag: Float32Array): Float32Array {
  let i = 0;
  while (i < mag.length && mag[i] >= 0 && mag[i] < Infinity) i++;
  if (i === mag.length) return mag;
  const out = mag.slice();
  for (; i < out.length; i++) if (!(out[i] >= 0 && out[i] < Infinity)) out[i] = 0;
  return out;
}

/** A whole take at once: one graph run (codes K × frames, codebook-major) → frames · hop samples. */
export async function decodeCodes(codec: CodecManifest, decoder: ModelSession, codes: Int32Array, frames: number): Promise<Float32Array> {
  if (codes.length !== codec.codebooks * frames) throw new Error(`codes have ${codes.length} entries, expected ${codec.codebooks} × ${frames}`);
  if (frames === 0) return new Float32Array(0);
  const s = new CodecStream(codec, decoder);
  s.append(codes, frames);
  const wav = await s.end();
  if (wav.length !== frames * codec.hop) throw new Error(`decoded ${wav.length} samples for ${frames} frames (hop ${codec.hop})`);
  return wav;
}
