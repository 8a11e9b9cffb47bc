/** The evaluation metrics of docs/evaluation.md that metrics.test.ts does not already cover, against hand-computed values. */
import { describe, expect, it } from 'vitest';
import {
  BEAT_TOLERANCE_S, CUT_BEAT_TOLERANCE_S, beatF1, cutsOnBeat, frechetDistance, frechetGaussians, gaussianOf, majminAccuracy,
  sqrtSymmetric, symmetricEigen,
} from '../../src/engine/metrics/index.ts';

describe('tolerances are explicit', () => {
  it('beats ±70 ms, cuts ±0.1 s', () => {
    expect(BEAT_TOLERANCE_S).toBe(0.07);
    expect(CUT_BEAT_TOLERANCE_S).toBe(0.1);
    // 69 ms is in, 71 ms out
    expect(beatF1([2], [2.069]).f1).toBe(1);
    expect(beatF1([2], [2.071]).f1).toBe(0);
  });
});

describe('cuts on beats (seed 003 "Rhythm")', () => {
  it('counts the cuts with a beat within ±0.1 s', () => {
    const beats = [0, 0.5, 1, 1.5, 2, 2.5, 3];
    // 0.52 → 0.5 (hit), 1.25 → nearest 1 or 1.5 at 0.25 (miss), 2.9 → 3 (hit, at 0.1 exactly), 3.2 (miss)
    const r = cutsOnBeat([0.52, 1.25, 2.9, 3.2], beats);
    expect([r.hits, r.cuts]).toEqual([2, 4]);
    expect(r.share).toBe(0.5);
    expect(cutsOnBeat([2.89], beats).hits).toBe(0);
  });
  it('is a recall: two cuts may share one beat; no cut gives NaN', () => {
    expect(cutsOnBeat([0.95, 1.05], [1]).share).toBe(1);
    expect(cutsOnBeat([1], []).share).toBe(0);
    expect(cutsOnBeat([], [1, 2]).share).toBeNaN();
    // unsorted beats are fine
    expect(cutsOnBeat([1.02], [3, 1, 2]).hits).toBe(1);
  });
});

describe('chord accuracy (majmin)', () => {
  it('the share of reference seconds with the same root and quality', () => {
    const ref = [{ start: 0, end: 2, label: 'C' }, { start: 2, end: 4, label: 'Am' }];
    // 0-1.5 C (match), 1.5-2 F (miss), 2-3 A7 (major, miss against Am), 3-4 Am7 (minor, match)
    const est = [{ start: 0, end: 1.5, label: 'C' }, { start: 1.5, end: 2, label: 'F' }, { start: 2, end: 3, label: 'A7' }, { start: 3, end: 4, label: 'Am7' }];
    const s = majminAccuracy(ref, est);
    expect(s.evaluated).toBeCloseTo(4, 12);
    expect(s.matched).toBeCloseTo(2.5, 12);
    expect(s.accuracy).toBeCloseTo(0.625, 12);
  });
});

describe('Fréchet distance', () => {
  it('mean and population covariance', () => {
    const g = gaussianOf([[0, 0], [2, 0], [0, 2], [2, 2]]);
    expect(g.mean).toEqual([1, 1]);
    expect(g.cov).toEqual([[1, 0], [0, 1]]);
  });
  it('eigen-decomposition and square root of a symmetric matrix', () => {
    // [[2,1],[1,2]]: eigenvalues 1 and 3
    const { values, vectors } = symmetricEigen([[2, 1], [1, 2]]);
    expect([...values].sort()).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12)]);
    for (let k = 0; k < 2; k++) { // A v = λ v
      expect(2 * vectors[0][k] + vectors[1][k]).toBeCloseTo(values[k] * vectors[0][k], 12);
      expect(vectors[0][k] + 2 * vectors[1][k]).toBeCloseTo(values[k] * vectors[1][k], 12);
    }
    // √[[5,4],[4,5]] = [[2,1],[1,2]] (since [[2,1],[1,2]]² = [[5,4],[4,5]])
    const r = sqrtSymmetric([[5, 4], [4, 5]]);
    expect(r.flat().map((x) => Math.round(x * 1e10) / 1e10)).toEqual([2, 1, 1, 2]);
    // a 3 × 3 with a zero eigenvalue: diag(4, 9, 0) rotated stays PSD, its root squared gives it back
    const m = [[6.5, 2.5, 0], [2.5, 6.5, 0], [0, 0, 0]];
    const s = sqrtSymmetric(m);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(s[i].reduce((a, x, k) => a + x * s[k][j], 0)).toBeCloseTo(m[i][j], 10);
  });
  it('matches hand-computed distances', () => {
    const I = [[1, 0], [0, 1]];
    // same covariance, means 3-4-5 apart: 25
    expect(frechetGaussians({ mean: [0, 0], cov: I }, { mean: [3, 4], cov: I })).toBeCloseTo(25, 10);
    // 1-D: (μa − μb)² + (σa − σb)² = 1 + (1 − 3)² = 5
    expect(frechetGaussians({ mean: [0], cov: [[1]] }, { mean: [1], cov: [[9]] })).toBeCloseTo(5, 10);
    // diagonal: Σ (σa − σb)² = (2 − 1)² + (1 − 3)² = 5
    expect(frechetGaussians({ mean: [0, 0], cov: [[4, 0], [0, 1]] }, { mean: [0, 0], cov: [[1, 0], [0, 9]] })).toBeCloseTo(5, 10);
    // non-commuting: Σa = I, Σb = [[5,4],[4,5]] → tr(I + Σb − 2√Σb) = 2 + 10 − 2·4 = 4
    expect(frechetGaussians({ mean: [0, 0], cov: I }, { mean: [0, 0], cov: [[5, 4], [4, 5]] })).toBeCloseTo(4, 10);
    // Σa = [[2,1],[1,2]], Σb = e₀e₀ᵀ: √Σa Σb √Σa = (√Σa e₀)(√Σa e₀)ᵀ, one eigenvalue e₀ᵀ Σa e₀ = 2 → tr√ = √2
    // d² = tr Σa + tr Σb − 2√2 = 4 + 1 − 2√2
    expect(frechetGaussians({ mean: [0, 0], cov: [[2, 1], [1, 2]] }, { mean: [0, 0], cov: [[1, 0], [0, 0]] })).toBeCloseTo(5 - 2 * Math.SQRT2, 10);
  });
  it('from feature vectors: 0 for one set against itself, symmetric, and grows with a shift', () => {
    const a = [[0, 1, 2], [1, 0, 2], [2, 2, 0], [1, 1, 1], [0, 2, 1]];
    const b = a.map((r) => r.map((x, i) => x * (1 + i / 4) + 0.5));
    expect(frechetDistance(a, a)).toBeCloseTo(0, 9);
    expect(frechetDistance(a, b)).toBeCloseTo(frechetDistance(b, a), 9);
    const shifted = a.map((r) => r.map((x) => x + 2));
    expect(frechetDistance(a, shifted)).toBeCloseTo(12, 9); // 3 dims × 2²
    expect(() => frechetDistance(a, [[1, 2]])).toThrow(/dimensions differ/);
  });
});
