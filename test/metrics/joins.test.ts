/**
 * The join audibility measure (src/engine/metrics/joins.ts) on hand-made signals at 32 kHz: a
 * 440 Hz sine that steps up 6 dB at the join, one that jumps a quarter period at one sample (a click
 * at the same level), and a smooth one (nothing to find).
 */
import { describe, expect, it } from 'vitest';
import { highPass, joinSpreads, measureJoins, spread } from '../../src/engine/metrics/joins.ts';

const SR = 32000, SECONDS = 6, JOIN = 3;
const sine = (amp: (i: number) => number, phase: (i: number) => number = () => 0) =>
  Float32Array.from({ length: SR * SECONDS }, (_, i) => amp(i) * Math.sin((2 * Math.PI * 440 * i) / SR + phase(i)));
const at = JOIN * SR;

describe('measureJoins', () => {
  it('finds a 6 dB step at the join and none at the controls', () => {
    const a = measureJoins(sine((i) => (i < at ? 0.25 : 0.5)), SR, [JOIN]);
    expect(a.joins).toHaveLength(1);
    expect(a.joins[0].levelJumpDb).toBeCloseTo(20 * Math.log10(2), 2); // 6.02 dB: 200 ms is 88 whole periods
    for (const c of a.controls) expect(c.levelJumpDb).toBeLessThan(0.01);
    // controls every 0.37 s, none within 0.5 s of the join, each with 200 ms of take either side
    expect(a.controls.map((c) => c.t)).toEqual([1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15].map((j) => j * 0.37));
    const s = joinSpreads(a);
    expect(s.joins.levelJumpDb!.max).toBeGreaterThan(s.controls.levelJumpDb!.p95 + 5);
  });

  it('finds a one-sample discontinuity as a click, at an unchanged level', () => {
    const a = measureJoins(sine(() => 0.5, (i) => (i < at + 17 ? 0 : Math.PI / 2)), SR, [JOIN + 17 / SR]);
    const j = a.joins[0];
    expect(j.levelJumpDb).toBeLessThan(0.05);
    // the 440 Hz sine leaves almost nothing above 4 kHz; the jump's broadband energy stands far above it
    expect(j.clickDb).toBeGreaterThan(30);
    for (const c of a.controls) expect(Math.abs(c.clickDb)).toBeLessThan(1);
  });

  it('finds nothing in a smooth sine', () => {
    const a = measureJoins(sine(() => 0.5), SR, [JOIN, 4.5]);
    expect(a.joins).toHaveLength(2);
    for (const p of [...a.joins, ...a.controls]) {
      expect(p.levelJumpDb).toBeLessThan(0.01);
      expect(Math.abs(p.clickDb)).toBeLessThan(1);
    }
  });

  it('reads a join in steady noise as the rest of it: inside the controls\' spread', () => {
    let seed = 1;
    const noise = Float32Array.from({ length: SR * SECONDS }, () => { seed = (seed * 16807) % 2147483647; return 0.3 * (seed / 2147483647 - 0.5); });
    const s = joinSpreads(measureJoins(noise, SR, [JOIN]));
    expect(s.joins.levelJumpDb!.max).toBeLessThan(0.5); // 200 ms of noise: RMS within a few hundredths of a dB
    expect(s.joins.clickDb!.max).toBeLessThan(2);
    expect(s.controls.clickDb!.p95).toBeLessThan(2);
  });

  it('skips joins whose 200 ms windows leave the take', () => {
    const a = measureJoins(sine(() => 0.5), SR, [0.1, 5.9, 3]);
    expect(a.skipped).toEqual([0.1, 5.9]);
    expect(a.joins.map((j) => j.t)).toEqual([3]);
  });
});

describe('spread and highPass', () => {
  it('median, linear 95th percentile and maximum', () => {
    expect(spread([])).toBeNull();
    // 21 values 0..20: the 95th percentile is rank 19 exactly
    expect(spread(Array.from({ length: 21 }, (_, i) => 20 - i))).toEqual({ n: 21, median: 10, p95: 19, max: 20 });
    expect(spread([1, 2])!.p95).toBeCloseTo(1.95, 12);
  });

  it('passes 8 kHz and stops 440 Hz (4th-order Butterworth at 4 kHz)', () => {
    const gain = (hz: number) => {
      const y = highPass(Float32Array.from({ length: SR }, (_, i) => Math.sin((2 * Math.PI * hz * i) / SR)), SR, 4000).subarray(SR / 2);
      return Math.sqrt(2 * y.reduce((s, v) => s + v * v, 0) / y.length);
    };
    expect(20 * Math.log10(gain(4000))).toBeCloseTo(-3.01, 1);
    expect(gain(8000)).toBeCloseTo(1, 2); // 1/√(1 + (4/8)^8) = 0.998
    expect(20 * Math.log10(gain(440))).toBeLessThan(-70); // 80 dB/decade: ≈ −77 dB
  });
});
