/**
 * Seeded sampling: the same seed and the same scores give the same tokens on every machine and
 * runtime, so a take can be written again from its seed. Math.random cannot be seeded; this is a
 * 32-bit PRNG (mulberry32) whose stream is fixed by the seed alone, and the draw uses float64
 * arithmetic only, so it is bit-identical in V8 everywhere.
 */
import { mulberry32 } from '../random.ts';
import type { Scores } from './processors.ts';

/** A stream of uniform numbers in [0, 1). */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  return mulberry32((Math.trunc(seed) >>> 0) || 0x9e3779b9);
}

/**
 * Draws one index from softmax(row) (−∞ entries have probability 0). The running sum is in
 * float64 over exp(v − max), so the result depends only on the scores and the draw.
 */
export function sampleRow(row: Float32Array, random: Random): number {
  let max = -Infinity, best = 0;
  for (let i = 0; i < row.length; i++) if (row[i] > max) { max = row[i]; best = i; }
  if (max === -Infinity) throw new Error('every score is −∞: nothing to sample');
  let total = 0;
  for (let i = 0; i < row.length; i++) total += row[i] === -Infinity ? 0 : Math.exp(row[i] - max);
  let u = random() * total;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === -Infinity) continue;
    u -= Math.exp(row[i] - max);
    if (u < 0) return i;
  }
  return best; // rounding left u ≥ 0 after the last term: the most likely code
}

/** One code per codebook from processed scores of batch 1 (guidance already applied). */
export function sampleCodebooks(scores: Scores, random: Random): Int32Array {
  if (scores.batch !== 1) throw new Error(`sampling expects one row per codebook (batch 1), got batch ${scores.batch}`);
  const out = new Int32Array(scores.codebooks);
  for (let k = 0; k < scores.codebooks; k++) out[k] = sampleRow(scores.data.subarray(k * scores.card, (k + 1) * scores.card), random);
  return out;
}
