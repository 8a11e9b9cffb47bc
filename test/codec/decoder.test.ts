import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';

// The trained codec pack that training/ exported (training/scripts/export_codec.py).
const PACK = fileURLToPath(new URL('../../public/models/codec-v1/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(PACK, 'manifest.json'), 'utf8'));

function sine(freq: number, samples: number, sr: number): Float32Array {
  const x = new Float32Array(samples);
  for (let i = 0; i < samples; i++) x[i] = 0.3 * Math.sin((2 * Math.PI * freq * i) / sr);
  return x;
}

/** Power at one frequency (Goertzel), to find where a decoded tone's energy sits. */
function powerAt(x: Float32Array, freq: number, sr: number): number {
  const w = (2 * Math.PI * freq) / sr;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s = x[i] + 2 * Math.cos(w) * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2;
}

async function decode(file: string, codes: BigInt64Array, frames: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(join(PACK, file));
  const out = await session.run({ codes: new ort.Tensor('int64', codes, [1, manifest.codebooks, frames]) });
  expect(out.wav.dims).toEqual([1, 1, frames * manifest.hop]);
  return out.wav.data as Float32Array;
}

describe('codec-v1 pack', () => {
  let codes: BigInt64Array;
  const frames = 100; // 2 s at 50 Hz

  beforeAll(async () => {
    const enc = await ort.InferenceSession.create(join(PACK, manifest.files.encoder.file));
    const wav = sine(440, frames * manifest.hop, manifest.sample_rate);
    const out = await enc.run({ wav: new ort.Tensor('float32', wav, [1, 1, wav.length]) });
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
    // The encoded 440 Hz tone comes back as a tone near 440 Hz, not as noise.
    const sr = manifest.sample_rate;
    const at440 = powerAt(y, 440, sr);
    for (const f of [220, 330, 660, 880, 1500]) expect(at440).toBeGreaterThan(10 * powerAt(y, f, sr));
  });

  it('int8 decoder stays close to fp32', async () => {
    const y = await decode(manifest.files.decoder.file, codes, frames);
    const y8 = await decode(manifest.files.decoder_int8.file, codes, frames);
    let num = 0;
    let den = 0;
    for (let i = 0; i < y.length; i++) {
      num += (y8[i] - y[i]) ** 2;
      den += y[i] ** 2;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(0.2);
  });
});
