/**
 * Key estimation (docs/controls.md, "Key and chords"): the piece's summed chroma is correlated
 * (Pearson) with a major and a minor key profile rotated to each of the 12 tonics; the best of
 * the 24 is the key (Krumhansl & Schmuckler's algorithm). The profiles are Temperley's
 * (Kostka-Payne corpus, 2007), which tell relative keys apart better than Krumhansl-Kessler's
 * probe-tone ratings on chord-based music; both are here so the check can compare them.
 */
import type { Key } from './symbols.ts';

export type KeyProfileName = 'temperley' | 'krumhansl';

/** Weight of each scale degree from the tonic, C = 0 (major, then minor). */
export const KEY_PROFILES: Readonly<Record<KeyProfileName, { major: readonly number[]; minor: readonly number[] }>> = {
  temperley: {
    major: [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4],
    minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33],
  },
  krumhansl: {
    major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
    minor: [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17],
  },
};

export interface KeyEstimate {
  /** null when the chroma is all zero (silence, drums only): no key to name. */
  readonly key: Key | null;
  /** Correlation of the best key, in [−1, 1]. */
  readonly strength: number;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>, shift: number): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < 12; i++) { ma += a[i]; mb += b[i]; }
  ma /= 12; mb /= 12;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < 12; i++) {
    const x = a[(i + shift) % 12] - ma, y = b[i] - mb;
    ab += x * y; aa += x * x; bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** The 24 keys in the order keyScores lists them: C major, C minor, C# major, … */
export const ALL_KEYS: readonly Key[] = Array.from({ length: 24 }, (_, i) => ({ tonic: i >> 1, mode: i & 1 ? 'minor' : 'major' }));

/** Correlation of a 12-bin pitch-class distribution (C = 0) with each of ALL_KEYS. */
export function keyScores(pitchClasses: ArrayLike<number>, profile: KeyProfileName = 'temperley'): Float64Array {
  const p = KEY_PROFILES[profile];
  return Float64Array.from(ALL_KEYS, (k) => pearson(pitchClasses, p[k.mode], k.tonic));
}

/** The best key of `scores` (one per ALL_KEYS); no key when none correlates positively. */
export function bestKey(scores: ArrayLike<number>): KeyEstimate {
  let arg = 0;
  for (let i = 1; i < 24; i++) if (scores[i] > scores[arg]) arg = i;
  return scores[arg] > 0 ? { key: ALL_KEYS[arg], strength: scores[arg] } : { key: null, strength: 0 };
}

/** The key of a 12-bin pitch-class distribution (any scale; C = 0). */
export function estimateKey(pitchClasses: ArrayLike<number>, profile: KeyProfileName = 'temperley'): KeyEstimate {
  return bestKey(keyScores(pitchClasses, profile));
}
