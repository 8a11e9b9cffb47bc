import { describe, expect, it } from 'vitest';
import { beatF1, ccc, downbeatF1, melodyAccuracy, pcc, rmse } from '../../src/engine/metrics/index.ts';

describe('PCC, CCC, RMSE', () => {
  const x = [1, 2, 3, 4, 5];
  it('match hand-computed values', () => {
    const y = [2, 4, 6, 8, 10];
    expect(pcc({ x, y })).toBeCloseTo(1, 12);
    // var x = 2, var y = 8, cov = 4, (3 − 6)² = 9 → 8 / 19
    expect(ccc({ x, y })).toBeCloseTo(8 / 19, 12);
    expect(rmse({ x, y })).toBeCloseTo(Math.sqrt((1 + 4 + 9 + 16 + 25) / 5), 12);
    expect(pcc({ x, y: [5, 4, 3, 2, 1] })).toBeCloseTo(-1, 12);
    expect(pcc({ x: [1, 2, 3, 4], y: [1, 3, 2, 4] })).toBeCloseTo(0.8, 12);
  });
  it('CCC is 1 only for identical curves; a constant offset lowers it but not PCC', () => {
    expect(ccc({ x, y: x })).toBeCloseTo(1, 12);
    const shifted = x.map((v) => v + 1);
    expect(pcc({ x, y: shifted })).toBeCloseTo(1, 12);
    expect(ccc({ x, y: shifted })).toBeCloseTo(4 / 5, 12); // 2·2 / (2 + 2 + 1)
  });
  it('honours a mask and never returns NaN', () => {
    expect(rmse({ x: [0, 0, 100], y: [1, 1, -100], mask: [1, 1, 0] })).toBeCloseTo(1, 12);
    expect(pcc({ x: [1, 1, 1], y: [1, 2, 3] })).toBe(0);
    expect(pcc({ x: [], y: [] })).toBe(0);
    expect(rmse({ x: [], y: [] })).toBe(0);
    expect(() => pcc({ x: [1], y: [1, 2] })).toThrow(/lengths differ/);
  });
});

describe('melody accuracy', () => {
  const row = (pc: number) => Array.from({ length: 12 }, (_, c) => (c === pc ? 1 : 0));
  it('counts agreeing frames over frames where the reference has a note', () => {
    const ref = [...row(0), ...row(4), ...row(7), ...new Array(12).fill(0)];
    const est = [...row(0), ...row(5), ...row(7), ...row(2)];
    expect(melodyAccuracy(ref, est)).toBeCloseTo(2 / 3, 12);
    const mask = [...new Array(12).fill(1), ...new Array(12).fill(0), ...new Array(24).fill(1)];
    expect(melodyAccuracy(ref, est, mask)).toBe(1);
    expect(melodyAccuracy(ref, new Array(48).fill(0))).toBe(0);
  });
});

describe('beat and downbeat F1 (±70 ms)', () => {
  it('matches each reference beat at most once, inside the tolerance only', () => {
    const ref = [1, 2, 3, 4];
    expect(beatF1(ref, [1.069, 1.95, 3.5, 4]).hits).toBe(3);
    const r = beatF1(ref, [1.069, 1.95, 3.5, 4]);
    expect(r.precision).toBeCloseTo(0.75, 12);
    expect(r.recall).toBeCloseTo(0.75, 12);
    expect(beatF1(ref, [1.071]).hits).toBe(0);
    // two estimates near one reference: one hit, one false alarm
    const d = beatF1([1], [0.98, 1.02]);
    expect([d.hits, d.precision, d.recall]).toEqual([1, 0.5, 1]);
    expect(d.f1).toBeCloseTo(2 / 3, 12);
    // double tempo: every reference found, half the estimates extra
    expect(beatF1([0, 1, 2], [0, 0.5, 1, 1.5, 2]).f1).toBeCloseTo(0.75, 12);
    expect(beatF1([], []).f1).toBe(1);
    expect(beatF1([1], []).f1).toBe(0);
  });
  it('downbeat F1 uses only the downbeats', () => {
    const ref = [{ t: 0, downbeat: true }, { t: 1, downbeat: false }, { t: 2, downbeat: true }];
    const est = [{ t: 0.01, downbeat: true }, { t: 1, downbeat: true }, { t: 2, downbeat: false }];
    const r = downbeatF1(ref, est);
    expect([r.hits, r.precision, r.recall]).toEqual([1, 0.5, 0.5]);
  });
});

describe('scoreControls (Table 2 of the paper for one clip)', () => {
  it('scores drawn lanes against controls extracted from audio that follows them', async () => {
    const { encodeLanes } = await import('../../src/engine/controls/encode.ts');
    const { extractControls } = await import('../../src/engine/controls/extract.ts');
    const { emptyLanes } = await import('../../src/engine/project/lanes.ts');
    const { scoreControls } = await import('../../src/engine/metrics/index.ts');
    const { applyGainDb, chords, drumPattern, grid, mix } = await import('../controls/synth.ts');
    const D = 16;
    const lanes = {
      ...emptyLanes(),
      rhythm: { ...emptyLanes().rhythm, tempo: [{ t: 0, v: 120 }], phase: 0.5, free: [{ start: 12, end: 16 }] },
      intensity: { kind: 'curve' as const, points: [{ t: 0, v: -10 }, { t: 8, v: 6 }, { t: 16, v: -4 }], free: [] },
    };
    // "generated" audio: drums on the drawn grid over sustained chords, following the drawn loudness
    const band = mix(drumPattern(grid(() => 120, D, 4, 0.5), D, 4), chords(Array.from({ length: 8 }, () => [57, 60, 64]), 2, 0.2));
    const audio = applyGainDb(band, (t) => (t < 8 ? -10 + 2 * t : 6 - 1.25 * (t - 8)) - 8);
    const s = scoreControls(encodeLanes(lanes, D), extractControls(audio).controls);
    expect(s.beatF1).toBeGreaterThanOrEqual(0.95);
    expect(s.downbeatF1).toBeGreaterThanOrEqual(0.8);
    expect(s.intensity.pcc).toBeGreaterThan(0.9);
    // nothing drawn for melody and emotion: no frame counts, scores are 0 rather than NaN
    expect([s.melodyAccuracy, s.valence.pcc, s.arousal.rmse]).toEqual([0, 0, 0]);
  });
});
