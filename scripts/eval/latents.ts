/**
 * The codec's latents as Fréchet features (issue 14's music-quality proxy, our own): a second of
 * music → the mean over its 50 frames of the codec's quantised latent (codec-v2: the sum of the
 * frame's four codes' vectors as they enter the decoder; codec-v3, whose predictive codes the
 * decoder integrates, ẑ[t] = Σ 0.8^k q[t−k]: that sum times the filter's gain, which a second's
 * mean of ẑ equals away from its edges), on 16 fixed principal directions of the training split's
 * latents (`eval/codec-latents-<codec>.json`, written by training/scripts/codec_latent_table.py;
 * 97 % of the variance for codec-v2, 86 % for codec-v3). Generated takes and
 * reference music both go through the pack's codec encoder first, so both are heard the same way.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface LatentTable {
  readonly codec: string;
  readonly dims: number;
  readonly explained: number;
  /** [codebook][code][dim], centred and projected. */
  readonly tables: readonly (readonly (readonly number[])[])[];
}

export async function loadLatentTable(codec: string): Promise<LatentTable | null> {
  try {
    return JSON.parse(await readFile(join(ROOT, 'eval', `codec-latents-${codec}.json`), 'utf8')) as LatentTable;
  } catch {
    return null; // a codec without a table: the report says the latent distance was not computed
  }
}

/** Per second of `frames` codes (K × frames, row-major), the mean projected latent. */
export function latentSeconds(codes: ArrayLike<number | bigint>, frames: number, t: LatentTable, frameRate: number): number[][] {
  const K = t.tables.length, out: number[][] = [];
  for (let s = 0; (s + 1) * frameRate <= frames; s++) {
    const v = new Array<number>(t.dims).fill(0);
    for (let f = s * frameRate; f < (s + 1) * frameRate; f++) {
      for (let k = 0; k < K; k++) {
        const row = t.tables[k][Number(codes[k * frames + f])];
        for (let d = 0; d < t.dims; d++) v[d] += row[d] / frameRate;
      }
    }
    out.push(v);
  }
  return out;
}

/** The pack's codec encoder (`<models>/<codec>/encoder.onnx`, onnxruntime-node): audio → codes (K × frames). */
/** Samples → the codec's codes (K × frames, codebook-major) and their frame count. */
export type CodecEncode = (samples: Float32Array) => Promise<{ codes: BigInt64Array; frames: number }>;

export async function codecEncoder(modelsDir: string, codec: string, hop: number): Promise<CodecEncode> {
  const session = await ort.InferenceSession.create(join(modelsDir, codec, 'encoder.onnx'), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  return async (samples) => {
    const n = Math.floor(samples.length / hop) * hop; // the encoder takes whole frames
    const out = await session.run({ wav: new ort.Tensor('float32', samples.slice(0, n), [1, 1, n]) });
    const codes = out.codes;
    return { codes: codes.data as BigInt64Array, frames: codes.dims[2] };
  };
}
