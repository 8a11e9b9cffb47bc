/**
 * Tokens → audio through the codec pack's decoder: codes (1, K, frames) int64 → wav (1, 1, frames · hop).
 * Called on the whole take (CLI) or on chunks of streamed frames (the page).
 */
import type { CodecManifest } from '../pack/manifest.ts';
import { i64, type ModelSession } from './session.ts';

export async function decodeTokens(codec: CodecManifest, decoder: ModelSession, codes: Int32Array, frames: number): Promise<Float32Array> {
  const K = codec.codebooks;
  if (codes.length !== K * frames) throw new Error(`codes have ${codes.length} entries, expected ${K} × ${frames}`);
  if (frames === 0) return new Float32Array(0);
  const data = BigInt64Array.from(codes, (c) => BigInt(c));
  const out = await decoder.run({ codes: i64(data, [1, K, frames]) });
  const wav = out.wav.data as Float32Array;
  if (wav.length !== frames * codec.hop) throw new Error(`decoder wrote ${wav.length} samples for ${frames} frames (hop ${codec.hop})`);
  return wav;
}
