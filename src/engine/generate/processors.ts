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
export function classifierFreeGuidance(scale: number, laneScale = 0): LogitsProcessor {
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new Error(`guidance scale must be ≥ 0, got ${scale}`);
  if (!(laneScale >= 0) || !Number.isFinite(laneScale)) throw new Error(`lane guidance scale must be ≥ 0, got ${laneScale}`);
  const rows = laneScale > 0 ? 3 : 2;
  return (s) => {
    if (s.batch !== rows) throw new Error(`guidance needs the batch of ${rows} (conditioned, unconditioned${rows === 3 ? ', without the guided lanes' : ''}), got batch ${s.batch}`);
    const n = s.codebooks * s.card;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const c = s.data[i], u = s.data[n + i];
      // lane guidance: + w_l · (cond − cond without the lanes), what those lanes alone add
      out[i] = u + scale * (c - u) + (rows === 3 ? laneScale * (c - s.data[2 * n + i]) : 0);
    }
    return { ...s, data: out, batch: 1 };
  };
}

/** Divides every score by t: below 1 sharpens, above 1 flattens. */
export function temperature(t: number): LogitsProcessor {
  if (!(t > 0) || !Number.isFinite(t)) throw new Error(`temperature must be > 0, got ${t}`);
  return (s) => (t === 1 ? s : { ...s, data: s.data.map((v) => v / t) });
}

/**
 * The k-th largest value of a row (k ≥ 1), by quickselect on a copy: O(n) on average (k = 250 of
 * 2048 takes a few µs; keeping a sorted top-k list took ~0.2 ms a row, a third of a tiny step).
 */
export function kthLargest(row: Float32Array, k: number): number {
  if (k >= row.length) return -Infinity;
  const a = Float32Array.from(row);
  const want = k - 1; // index of the answer when sorted descending
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi])); // median of three
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else return a[want];
  }
  return a[want];
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
