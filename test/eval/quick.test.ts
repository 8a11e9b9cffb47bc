/**
 * `npm run eval -- --quick` on the tiny random pack (≈ 10 s): the harness generates, extracts and
 * scores every case × seed, and says its numbers mean nothing. Values are random-pack values, so
 * only their ranges and the report's shape are checked; the metrics' own values are checked in
 * test/metrics/.
 */
import { describe, expect, it } from 'vitest';
import { QUICK_SEEDS, quickCases } from '../../scripts/eval/cases.ts';
import { runQuick } from '../../scripts/eval/quick.ts';

describe('eval quick mode', () => {
  it('scores each created-control case × fixed seed on the tiny pack', async () => {
    const { report, md } = await runQuick();
    expect(report.pack).toBe('music-tiny-random');
    expect(report.note).toMatch(/meaningless/);
    expect(md).toContain(report.note);
    expect(report.rows.map((r) => `${r.case}/${r.seed}`)).toEqual(quickCases().flatMap((c) => QUICK_SEEDS.map((s) => `${c.name}/${s}`)));
    const share = (v: number | null) => v === null || (v >= 0 && v <= 1);
    for (const r of report.rows) {
      expect(r.rtf).toBeGreaterThan(0);
      for (const c of [r.intensity, r.valence, r.arousal]) if (c) { expect(Math.abs(c.pcc)).toBeLessThanOrEqual(1); expect(c.rmse).toBeGreaterThanOrEqual(0); }
      expect([r.melodyAccuracy, r.chordAccuracy, r.beatF1, r.cutsOnBeat].every(share)).toBe(true);
    }
    // each case reports the metrics its lanes ask for, and only those
    const ramp = report.rows.find((r) => r.case === 'intensity-ramp')!;
    expect([ramp.intensity !== null, ramp.valence, ramp.melodyAccuracy, ramp.beatF1]).toEqual([true, null, null, null]);
    const song = report.rows.find((r) => r.case === 'melody-chords')!;
    expect([song.melodyAccuracy !== null, song.chordAccuracy !== null, song.beatF1 !== null]).toEqual([true, true, true]);
    expect(report.rows.find((r) => r.case === 'rhythm-120')!.cutsOnBeat).not.toBeNull();
    // 4 cases × 2 seeds × 4 one-second windows; 3 reference pieces of 10 s
    expect(report.frechet.generatedVectors).toBe(32);
    expect(report.frechet.referenceVectors).toBe(30);
    expect(report.frechet.value).toBeGreaterThan(0);
    expect(Number.isFinite(report.frechet.value)).toBe(true);
  });
});
