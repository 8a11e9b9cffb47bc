/**
 * `npm run eval -- --quick` on the tiny random pack (≈ 10 s): one case of each created-control
 * set × each fixed seed is generated, extracted and scored, and the report says its numbers mean
 * nothing. Values are random-pack values, so only their ranges and the report's shape are
 * checked; the metrics' own values are checked in test/metrics/, the sets in created-sets.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { QUICK_SEEDS, quickCases } from '../../scripts/eval/cases.ts';
import { CREATED_SETS } from '../../scripts/eval/created/sets.ts';
import { runQuick } from '../../scripts/eval/quick.ts';

describe('eval quick mode', () => {
  it('samples one case of each created-control set, 4 s each', () => {
    const cases = quickCases();
    expect(cases.map((c) => c.set)).toEqual([...CREATED_SETS]);
    expect(cases.every((c) => c.seconds === 4)).toBe(true);
  });

  it('scores each case × fixed seed on the tiny pack', async () => {
    const { report, md, plotted } = await runQuick();
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
    const bySet = (set: string) => report.rows.find((r) => r.set === set)!;
    const shape = (r: (typeof report.rows)[number]) => [r.intensity !== null, r.valence !== null, r.arousal !== null, r.melodyAccuracy !== null, r.chordAccuracy !== null, r.beatF1 !== null, r.cutsOnBeat !== null];
    expect(shape(bySet('intensity'))).toEqual([true, false, false, false, false, false, false]);
    expect(shape(bySet('emotion'))).toEqual([false, true, true, false, false, false, false]);
    // a rhythm case has a cut on each bar line (the ritardando's second downbeat lands inside 4 s)
    expect(shape(bySet('rhythm'))).toEqual([false, false, false, false, false, true, true]);
    // a melody case draws the tune's notes, chords and beat grid
    expect(shape(bySet('melody'))).toEqual([false, false, false, true, true, true, false]);
    // 4 cases × 2 seeds × 4 one-second windows; 3 reference pieces of 10 s
    expect(report.frechet.generatedVectors).toBe(32);
    expect(report.frechet.referenceVectors).toBe(30);
    expect(report.frechet.value).toBeGreaterThan(0);
    expect(Number.isFinite(report.frechet.value)).toBe(true);
    // the plots' takes: each case's first seed, scored by the same definitions as its row
    expect(plotted.map((t) => `${t.case}/${t.seed}`)).toEqual(quickCases().map((c) => `${c.name}/${QUICK_SEEDS[0]}`));
    const first = (set: string) => report.rows.find((r) => r.set === set && r.seed === QUICK_SEEDS[0])!;
    const lane = (set: string, id: string) => plotted.find((t) => t.set === set)!.adherence.lanes.find((l) => l.lane === id)!;
    const score = (set: string, id: string, name: string) => lane(set, id).scores.find((s) => s.name === name)!.value;
    expect(score('intensity', 'intensity', 'PCC')).toBe(first('intensity').intensity!.pcc);
    expect(score('emotion', 'arousal', 'CCC')).toBe(first('emotion').arousal!.ccc);
    expect(score('rhythm', 'rhythm', 'beat F1')).toBe(first('rhythm').beatF1);
    expect(score('melody', 'melody', 'frame accuracy')).toBe(first('melody').melodyAccuracy);
    expect(score('melody', 'harmony', 'chord accuracy')).toBe(first('melody').chordAccuracy);
    expect(plotted.find((t) => t.set === 'intensity')!.adherence.lanes.filter((l) => !l.free).map((l) => l.lane)).toEqual(['intensity']);
  });
});
