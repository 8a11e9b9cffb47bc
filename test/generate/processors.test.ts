import { describe, expect, it } from 'vitest';
import { applyProcessors, classifierFreeGuidance, kthLargest, temperature, topK, type Scores } from '../../src/engine/generate/processors.ts';
import { sampleCodebooks, sampleRow, seededRandom } from '../../src/engine/generate/sampler.ts';

const scores = (batch: number, codebooks: number, card: number, values: number[]): Scores =>
  ({ data: Float32Array.from(values), batch, codebooks, card });

describe('logits processors', () => {
  it('guidance: uncond + w (cond − uncond), batch of two → one', () => {
    // cond [1, 2, 3 | 0, 0, 4], uncond [1, 0, 5 | 2, 0, 4], w = 3
    const out = classifierFreeGuidance(3)(scores(2, 2, 3, [1, 2, 3, 0, 0, 4, 1, 0, 5, 2, 0, 4]));
    expect(out.batch).toBe(1);
    expect(Array.from(out.data)).toEqual([1, 6, -1, -4, 0, 4]);
    expect(Array.from(classifierFreeGuidance(1)(scores(2, 1, 2, [5, 7, 1, 1])).data)).toEqual([5, 7]);
    expect(() => classifierFreeGuidance(3)(scores(1, 1, 2, [0, 0]))).toThrow(/batch of 2/);
  });

  it('lane guidance: + w_l (cond − cond without the lanes), batch of three → one', () => {
    // cond [1, 2], uncond [0, 0], cond without the harmony lane [1, 0]; w = 2, w_l = 3
    const out = classifierFreeGuidance(2, 3)(scores(3, 1, 2, [1, 2, 0, 0, 1, 0]));
    expect(Array.from(out.data)).toEqual([2, 4 + 6]);
    expect(() => classifierFreeGuidance(2, 3)(scores(2, 1, 2, [0, 0, 0, 0]))).toThrow(/batch of 3/);
    expect(() => classifierFreeGuidance(2, -1)).toThrow();
  });

  it('temperature divides', () => {
    expect(Array.from(temperature(0.5)(scores(1, 1, 3, [1, -2, 0.25])).data)).toEqual([2, -4, 0.5]);
    expect(() => temperature(0)).toThrow();
  });

  it('top-k keeps the k highest of each row (ties at the threshold kept)', () => {
    const out = topK(2)(scores(1, 2, 4, [0.1, 3, 2, -1, 5, 5, 5, 1]));
    expect(Array.from(out.data)).toEqual([-Infinity, 3, 2, -Infinity, 5, 5, 5, -Infinity]);
    expect(kthLargest(Float32Array.from([4, 9, 1, 7]), 3)).toBe(4);
    expect(topK(4)(scores(1, 1, 4, [1, 2, 3, 4])).data).toEqual(Float32Array.from([1, 2, 3, 4]));
  });

  it('apply in order: guidance, temperature, top-k', () => {
    const s = applyProcessors(scores(2, 1, 3, [2, 4, 0, 0, 2, 0]), [classifierFreeGuidance(2), temperature(2), topK(1)]);
    // guided: [4, 6, 0] → /2 → [2, 3, 0] → top-1
    expect(Array.from(s.data)).toEqual([-Infinity, 3, -Infinity]);
  });
});

describe('seeded sampler', () => {
  it('same seed, same scores → same draws; another seed → another stream', () => {
    const a = seededRandom(42), b = seededRandom(42), c = seededRandom(43);
    const xa = Array.from({ length: 5 }, a), xb = Array.from({ length: 5 }, b), xc = Array.from({ length: 5 }, c);
    expect(xa).toEqual(xb);
    expect(xa).not.toEqual(xc);
    expect(xa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws in proportion to softmax and never a −∞ code', () => {
    const row = Float32Array.from([Math.log(1), Math.log(3), -Infinity, Math.log(6)]);
    const r = seededRandom(7), counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampleRow(row, r)]++;
    expect(counts[2]).toBe(0);
    expect(counts[0] / 20000).toBeCloseTo(0.1, 1);
    expect(counts[1] / 20000).toBeCloseTo(0.3, 1);
    expect(counts[3] / 20000).toBeCloseTo(0.6, 1);
  });

  it('one code per codebook, reproducibly', () => {
    const s = scores(1, 2, 3, [0, 0, 0, 1, 1, 1]);
    expect(Array.from(sampleCodebooks(s, seededRandom(1)))).toEqual(Array.from(sampleCodebooks(s, seededRandom(1))));
    expect(() => sampleCodebooks(scores(2, 1, 1, [0, 0]), seededRandom(1))).toThrow(/batch 1/);
  });
});

describe('kthLargest', () => {
  it('equals a full sort on random rows with ties and −∞', () => {
    const rnd = seededRandom(9);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rnd() * 300);
      const row = Float32Array.from({ length: n }, () => (rnd() < 0.1 ? -Infinity : Math.round(rnd() * 20) / 4));
      const sorted = Array.from(row).sort((a, b) => b - a);
      const k = 1 + Math.floor(rnd() * n);
      expect(kthLargest(row, k)).toBe(k >= n ? -Infinity : sorted[k - 1]);
    }
  });
});
