import { describe, expect, it } from 'vitest';
import { stickyViterbi } from '../../src/engine/harmony/viterbi.ts';

/** The best path by trying every path (S^N of them): the definition Viterbi must meet. */
function bruteForce(logE: number[][], stay: number): number[] {
  const S = logE[0].length, N = logE.length;
  const move = Math.log((1 - stay) / (S - 1)), keep = Math.log(stay);
  let best = -Infinity, arg: number[] = [];
  for (let code = 0; code < S ** N; code++) {
    const path = Array.from({ length: N }, (_, t) => Math.floor(code / S ** (N - 1 - t)) % S);
    let v = logE[0][path[0]];
    for (let t = 1; t < N; t++) v += (path[t] === path[t - 1] ? keep : move) + logE[t][path[t]];
    if (v > best + 1e-12) { best = v; arg = path; }
  }
  return arg;
}

describe('sticky HMM (Viterbi)', () => {
  // Two states, stay 0.9: leaving state 0 for one step and coming back costs 2·ln(0.1) instead
  // of 2·ln(0.9), i.e. 2·ln 9 = 4.394 nats. A one-step preference for state 1 smaller than that
  // is smoothed away; a larger one is kept.
  it('smooths away a one-step blip cheaper than two moves (2 ln 9 = 4.394)', () => {
    // rows: [0, -5], [0, 4.3], [0, -5]
    expect(Array.from(stickyViterbi(Float64Array.from([0, -5, 0, 4.3, 0, -5]), 2, 0.9))).toEqual([0, 0, 0]);
    expect(Array.from(stickyViterbi(Float64Array.from([0, -5, 0, 4.5, 0, -5]), 2, 0.9))).toEqual([0, 1, 0]);
  });

  it('with three states the move cost is ln((1 − stay) / 2)', () => {
    // stay 0.5: keep ln 0.5, move ln 0.25; a blip to state 2 must beat 2·ln 2 = 1.386
    expect(Array.from(stickyViterbi(Float64Array.from([0, -9, -9, 0, -9, 1.3, 0, -9, -9]), 3, 0.5))).toEqual([0, 0, 0]);
    expect(Array.from(stickyViterbi(Float64Array.from([0, -9, -9, 0, -9, 1.5, 0, -9, -9]), 3, 0.5))).toEqual([0, 2, 0]);
  });

  it('takes a stay probability per step: a blip of 4.5 nats is kept only where moving is cheap', () => {
    // into step 1 stay 0.9 (round trip 2 ln 9 = 4.39 < 4.5: kept) vs 0.95 (2 ln 19 = 5.89: smoothed);
    // the way back (into step 2) costs the same in both
    const e = Float64Array.from([0, -5, 0, 4.5, 0, -5]);
    expect(Array.from(stickyViterbi(e, 2, [0.5, 0.9, 0.9]))).toEqual([0, 1, 0]);
    expect(Array.from(stickyViterbi(e, 2, [0.5, 0.95, 0.95]))).toEqual([0, 0, 0]);
  });

  it('finds the same path as trying every path', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2;
    for (let trial = 0; trial < 30; trial++) {
      const S = 2 + (trial % 3), N = 3 + (trial % 4), stay = [0.3, 0.6, 0.9][trial % 3];
      const rows = Array.from({ length: N }, () => Array.from({ length: S }, rand));
      expect(Array.from(stickyViterbi(Float64Array.from(rows.flat()), S, stay))).toEqual(bruteForce(rows, stay));
    }
  });

  it('handles no steps and refuses a stay outside (0, 1)', () => {
    expect(stickyViterbi(new Float64Array(0), 3, 0.9).length).toBe(0);
    expect(() => stickyViterbi(new Float64Array(3), 3, 1)).toThrow(/stay/);
  });
});
