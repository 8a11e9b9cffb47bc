/**
 * Logits processors, as in transformers.js: each is a small pure function from the step's scores
 * to new scores, and generation applies a list of them in order before sampling. Classifier-free
 * guidance is just another processor: it takes the batch of two (row 0 conditioned, row 1
 * unconditioned) and returns one row.
 */

/** Scores of one step: batch × codebooks × card, row-major. */
export interface Scores {
  readonly data: Float32Array;
  readonly batch: number;
  readonly codebooks: number;
  readonly card: number;
}

export type LogitsProcessor = (scores: Scores) => Scores;

/**
 * Classifier-free guidance (MusicGen): uncond + w · (cond − uncond), per codebook. w = 1 is the
 * conditioned row alone; w > 1 pushes away from what the model writes without conditions.
 */
export function classifierFreeGuidance(scale: number): LogitsProcessor {
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new Error(`guidance scale must be ≥ 0, got ${scale}`);
  return (s) => {
    if (s.batch !== 2) throw new Error(`guidance needs the batch of two (conditioned, unconditioned), got batch ${s.batch}`);
    const n = s.codebooks * s.card;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = s.data[n + i];
      out[i] = u + scale * (s.data[i] - u);
    }
    return { ...s, data: out, batch: 1 };
  };
}

/** Divides every score by t: below 1 sharpens, above 1 flattens. */
export function temperature(t: number): LogitsProcessor {
  if (!(t > 0) || !Number.isFinite(t)) throw new Error(`temperature must be > 0, got ${t}`);
  return (s) => (t === 1 ? s : { ...s, data: s.data.map((v) => v / t) });
}

/** The k-th largest value of a row (k ≥ 1): a partial selection, not a full sort of 2048. */
export function kthLargest(row: Float32Array, k: number): number {
  if (k >= row.length) return -Infinity;
  // keep the k largest seen so far in a small sorted array (k = 250 of 2048: ~40 µs a row)
  const top = new Float32Array(k).fill(-Infinity);
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (v <= top[k - 1]) continue;
    let j = k - 1;
    while (j > 0 && top[j - 1] < v) { top[j] = top[j - 1]; j--; }
    top[j] = v;
  }
  return top[k - 1];
}

/**
 * Keeps each row's k highest scores and sets the rest to −∞. Ties at the k-th value are all kept
 * (as transformers.js and audiocraft do: the threshold is a value, not a count).
 */
export function topK(k: number): LogitsProcessor {
  if (!Number.isInteger(k) || k < 1) throw new Error(`top-k must be an integer ≥ 1, got ${k}`);
  return (s) => {
    if (k >= s.card) return s;
    const out = new Float32Array(s.data);
    for (let r = 0; r < s.batch * s.codebooks; r++) {
      const row = out.subarray(r * s.card, (r + 1) * s.card);
      const min = kthLargest(row, k);
      for (let i = 0; i < row.length; i++) if (row[i] < min) row[i] = -Infinity;
    }
    return { ...s, data: out };
  };
}

/** Applies processors in order. */
export function applyProcessors(scores: Scores, processors: readonly LogitsProcessor[]): Scores {
  return processors.reduce((s, p) => p(s), scores);
}
