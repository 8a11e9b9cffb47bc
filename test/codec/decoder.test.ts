import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { SHIPPED_CODEC } from './pack.ts';
import { CodecStream, decodeCodes } from '../../src/engine/codec/decoder.ts';
import type { ModelSession } from '../../src/engine/generate/session.ts';
import { validateCodecManifest } from '../../src/engine/pack/validate.ts';
import { nodeSessionOpener } from '../../src/runtime/ort-node.ts';

const { name: CODEC_PACK, dir: PACK, present: HAS_CODEC_PACK, skipReason: SKIP_REASON } = SHIPPED_CODEC;

// The trained codec pack that training/ exported (training/scripts/export_codec.py).
const manifest = HAS_CODEC_PACK ? JSON.parse(readFileSync(join(PACK, 'manifest.json'), 'utf8')) : null;
if (!HAS_CODEC_PACK) console.warn(`test/codec/decoder.test.ts ${SKIP_REASON}`);

/** A 220 Hz tone with five harmonics, gated 0.25 s on / 0.25 s off: music-like, with a loudness
 *  envelope any codec must keep (the intensity control is computed from it). */
function gatedTone(samples: number, sr: number): Float32Array {
  const x = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    const t = i / sr;
    if ((t * 2) % 1 >= 0.5) continue;
    let v = 0;
    for (let k = 1; k <= 5; k++) v += Math.sin(2 * Math.PI * 220 * k * t) / k;
    x[i] = 0.15 * v;
  }
  return x;
}

function frameRms(x: Float32Array, hop: number): number[] {
  const out: number[] = [];
  for (let f = 0; f + hop <= x.length; f += hop) {
    let s = 0;
    for (let i = f; i < f + hop; i++) s += x[i] * x[i];
    out.push(Math.sqrt(s / hop));
  }
  return out;
}

function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

async function session(file: string): Promise<ModelSession> {
  return nodeSessionOpener(2)(new Uint8Array(readFileSync(join(PACK, file))), file);
}

/** Through the engine's decoder (src/engine/codec), as the app and the CLI decode. */
async function decode(file: string, codes: BigInt64Array, frames: number): Promise<Float32Array> {
  const y = await decodeCodes(validateCodecManifest(manifest), await session(file), Int32Array.from(codes, Number), frames);
  expect(y.length).toBe(frames * manifest.hop);
  return y;
}

describe.skipIf(!HAS_CODEC_PACK)(`${CODEC_PACK} pack${HAS_CODEC_PACK ? '' : ` (${SKIP_REASON})`}`, () => {
  let codes: BigInt64Array;
  let input: Float32Array;
  const frames = 100; // 2 s at 50 Hz

  beforeAll(async () => {
    const enc = await ort.InferenceSession.create(join(PACK, manifest.files.encoder.file));
    input = gatedTone(frames * manifest.hop, manifest.sample_rate);
    const out = await enc.run({ wav: new ort.Tensor('float32', input, [1, 1, input.length]) });
    expect(out.codes.dims).toEqual([1, manifest.codebooks, frames]);
    codes = out.codes.data as BigInt64Array;
  });

  it('states the MusicGen token interface and matching files', () => {
    expect([manifest.sample_rate, manifest.hop, manifest.frame_rate]).toEqual([32000, 640, 50]);
    expect([manifest.codebooks, manifest.codebook_size]).toEqual([4, 2048]);
    for (const f of Object.values(manifest.files) as { file: string; sha256: string; bytes: number }[]) {
      const bytes = readFileSync(join(PACK, f.file));
      expect(bytes.length).toBe(f.bytes);
      expect(bytes.length).toBeLessThan(30e6);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
  });

  it('decodes tokens to a waveform of frames × hop finite samples', async () => {
    for (const c of codes) expect(c >= 0n && c < BigInt(manifest.codebook_size)).toBe(true);
    const y = await decode(manifest.files.decoder.file, codes, frames);
    expect(y.every(Number.isFinite)).toBe(true);
    // The tone's loudness envelope comes back: frame levels follow the input's, and the gaps stay
    // far quieter than the notes. codec-v1 measured r ≈ 0.9, ≈ 30 dB; codec-v2's first decoder r
    // 0.77 (its held notes sagged: issue 8's open loudness bar), its magnitude decoder (session 9)
    // r 0.84; this floor is the no-regression line, not the aim.
    const a = frameRms(input, manifest.hop);
    const b = frameRms(y, manifest.hop);
    expect(correlation(a, b)).toBeGreaterThan(0.8);
    const on = b.filter((_, i) => a[i] > 0.05);
    const off = b.filter((_, i) => a[i] === 0);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(20 * Math.log10(mean(on) / mean(off))).toBeGreaterThan(12);
  });

  it('streamed in uneven chunks, the audio equals one whole decode (joins exact, not crossfaded)', async () => {
    const m = validateCodecManifest(manifest);
    // fp32: the int8 graph quantises activations with one dynamic scale per run, so any two runs
    // over different spans differ at int8's noise level everywhere, joins or not.
    const file = manifest.files.decoder.file;
    const whole = await decode(file, codes, frames);
    const stream = new CodecStream(m, await session(file));
    const K = m.codebooks, all = Int32Array.from(codes, Number);
    const parts: Float32Array[] = [];
    let written = 0;
    for (const n of [7, 1, 30, 2, 40, 20]) {
      const chunk = new Int32Array(K * n);
      for (let k = 0; k < K; k++) chunk.set(all.subarray(k * frames + written, k * frames + written + n), k * n);
      parts.push(await stream.push(chunk, n));
      written += n;
    }
    expect(written).toBe(frames);
    parts.push(await stream.end());
    const y = Float32Array.from(parts.flatMap((p) => [...p]));
    expect(y.length).toBe(whole.length);
    let err = 0, peak = 0;
    for (let i = 0; i < y.length; i++) {
      err = Math.max(err, Math.abs(y[i] - whole[i]));
      peak = Math.max(peak, Math.abs(whole[i]));
    }
    expect(err).toBeLessThan(1e-4 * Math.max(peak, 1e-3));
  });

  it('int8 decoder stays close to fp32', async () => {
    const relative = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let num = 0, den = 0;
      for (let i = 0; i < a.length; i++) { num += (b[i] - a[i]) ** 2; den += a[i] ** 2; }
      return Math.sqrt(num / den);
    };
    const synthesis = validateCodecManifest(manifest).synthesis;
    if (synthesis.kind === 'istft' && synthesis.phase === 'peaks') {
      // The phase follows the magnitudes' peaks, so int8's small magnitude errors move phases and
      // the waveforms part (relative error ≈ 1 with the same sound): compare what the graphs write.
      const feeds = { codes: new ort.Tensor('int64', codes, [1, manifest.codebooks, frames]) };
      const mag = async (file: string) => (await (await ort.InferenceSession.create(join(PACK, file))).run(feeds)).mag.data as Float32Array;
      expect(relative(await mag(manifest.files.decoder.file), await mag(manifest.files.decoder_int8.file))).toBeLessThan(0.05);
      return;
    }
    const y = await decode(manifest.files.decoder.file, codes, frames);
    const y8 = await decode(manifest.files.decoder_int8.file, codes, frames);
    expect(relative(y, y8)).toBeLessThan(0.2);
  });
});
