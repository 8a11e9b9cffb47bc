import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DelayPattern } from '../../src/engine/generate/delay.ts';
import { seededRandom } from '../../src/engine/generate/sampler.ts';

const golden = JSON.parse(readFileSync(new URL('../fixtures/music/delay_pattern.json', import.meta.url), 'utf8'));
const flat = (rows: number[][]) => Int32Array.from(rows.flat());

describe('DelayPattern', () => {
  const p = new DelayPattern(golden.codebooks, golden.codebook_size, golden.delays);
  const T = golden.codes[0].length, S = golden.sequence[0].length;

  it('builds, shifts and reverts the worked example shared with training/music/delay.py', () => {
    expect(p.special).toBe(golden.special);
    expect(p.steps(T)).toBe(S);
    expect(Array.from(p.build(flat(golden.codes), T))).toEqual(golden.sequence.flat());
    expect(Array.from(p.shiftIn(flat(golden.sequence), S))).toEqual(golden.inputs.flat());
    expect(Array.from(p.revert(flat(golden.sequence), S))).toEqual(golden.codes.flat());
    const valid = golden.valid.map((row: number[], k: number) => row.map((_, s) => (p.valid(k, s, T) ? 1 : 0)));
    expect(valid).toEqual(golden.valid);
  });

  it('revert(build(x)) = x and build writes exactly the valid slots, for random shapes and delays', () => {
    const rnd = seededRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const K = 1 + Math.floor(rnd() * 5), T = 1 + Math.floor(rnd() * 12), card = 2 + Math.floor(rnd() * 50);
      const delays = [0];
      for (let k = 1; k < K; k++) delays.push(delays[k - 1] + Math.floor(rnd() * 3));
      const q = new DelayPattern(K, card, delays);
      const codes = Int32Array.from({ length: K * T }, () => Math.floor(rnd() * card));
      const seq = q.build(codes, T);
      const S = q.steps(T);
      expect(Array.from(q.revert(seq, S))).toEqual(Array.from(codes));
      for (let k = 0; k < K; k++) for (let s = 0; s < S; s++) expect(seq[k * S + s] !== card).toBe(q.valid(k, s, T));
      // frame t is complete (every codebook written) after step t + max delay
      for (let t = 0; t < T; t++) for (let k = 0; k < K; k++) expect(q.frameAt(k, t + q.maxDelay) >= t).toBe(true);
    }
  });

  it('refuses bad layouts and special tokens where frames belong', () => {
    expect(() => new DelayPattern(4, 2048, [1, 1, 2, 3])).toThrow(/start at 0/);
    expect(() => new DelayPattern(4, 2048, [0, 2, 1, 3])).toThrow(/non-decreasing/);
    expect(() => new DelayPattern(4, 2048, [0, 1, 2])).toThrow(/4 entries/);
    const seq = flat(golden.sequence);
    seq[1 * S + 3] = golden.special;
    expect(() => p.revert(seq, S)).toThrow(/frame 2 of codebook 1/);
    expect(() => p.build(Int32Array.from({ length: 4 * T }, () => 2048), T)).toThrow(/outside \[0, 2048\)/);
  });
});
