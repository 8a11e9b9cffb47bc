/**
 * The full mode's report (scripts/eval/full.ts): means per set with hand-computed values on made-up
 * takes, the table laid out next to the paper's Table 9, and a smoke run of the whole path on the
 * tiny random pack (one case per set, 2 s, one seed).
 */
import { describe, expect, it } from 'vitest';
import { fullCases } from '../../scripts/eval/cases.ts';
import { buildReport, markdown, runFull } from '../../scripts/eval/full.ts';
import type { EvalRun, Row } from '../../scripts/eval/run.ts';

const none = { intensity: null, valence: null, arousal: null, melodyAccuracy: null, chordAccuracy: null, beatF1: null, downbeatF1: null, cutsOnBeat: null, joins: null };
const row = (set: string, group: string, name: string, seed: number, scores: Partial<Row>): Row =>
  ({ case: `${set}/${name}`, set, group, seed, seconds: 10, rtf: 2, ...none, ...scores });
const curve = (pcc: number, ccc: number, rmse: number) => ({ pcc, ccc, rmse });

describe('eval full mode', () => {
  it('averages each set\'s own control over its takes, skipping what was not evaluated', () => {
    const rows: Row[] = [
      row('intensity', 'linear', 'linear-6db', 0, { intensity: curve(0.8, 0.5, 3) }),
      row('intensity', 'tanh', 'tanh-9db', 0, { intensity: curve(0.6, 0.3, 5) }),
      row('emotion', 'valence positive, arousal negative', 'v+a', 0, { valence: curve(0.5, 0.1, 0.2), arousal: curve(-0.1, 0, 0.4) }),
      row('rhythm', 'steady-4-75', 'steady-4-75-x0.8', 0, { beatF1: 0.9, downbeatF1: 0.5, cutsOnBeat: 1 }),
      row('rhythm', 'steady-4-75', 'steady-4-75-x1.2', 0, { beatF1: 0.7, downbeatF1: 0.25, cutsOnBeat: 0.5 }),
      // a melody take without a chord evaluated (NaN) does not pull the chord mean down
      row('melody', 'twinkle', 'twinkle', 0, { melodyAccuracy: 0.5, chordAccuracy: 0.8, beatF1: 1 }),
      row('melody', 'twinkle', 'twinkle', 1, { melodyAccuracy: 0.3, chordAccuracy: NaN, beatF1: 0 }),
    ];
    const run: EvalRun = { pack: 'made-up', random: false, machine: 'm', date: 'd', rows, plotted: [], frechet: { value: 1.5, features: ['f'], generatedVectors: 70, referenceVectors: 30, reference: ['r.wav'], latents: null }, joins: null };
    const r = buildReport(run, fullCases(), [0, 1, 2], 10, true);
    const s = r.summary;
    expect(s.intensity.pcc).toBeCloseTo(0.7, 12);
    expect(s.intensity.ccc).toBeCloseTo(0.4, 12);
    expect(s.intensity.rmse).toBeCloseTo(4, 12);
    expect([s.valence.pcc, s.arousal.pcc]).toEqual([0.5, -0.1]);
    expect(s.beatF1).toBeCloseTo(0.8, 12); // the rhythm set only: the melody takes' beats do not count here
    expect([s.downbeatF1, s.cutsOnBeat]).toEqual([0.375, 0.75]);
    expect(s.melodyAccuracy).toBeCloseTo(0.4, 12);
    expect(s.chordAccuracy).toBe(0.8);
    expect(s.takes).toEqual({ intensity: 2, emotion: 1, rhythm: 2, melody: 2 });
    expect(r.breakdown.rhythmByStretch.map((g) => [g.group, g.beatF1])).toEqual([['× 0.8', 0.9], ['× 1.2', 0.7]]);
    expect(r.breakdown.intensityByRange.map((g) => g.group)).toEqual(['±6 dB', '±9 dB']);
    expect(r.note).toBe('Pack made-up: the full created-controls protocol.');

    const md = markdown(r);
    expect(md).toContain('| model | valence PCC | valence CCC | arousal PCC | arousal CCC | melody acc. % | intensity PCC | intensity CCC | rhythm (beat) F1 % | chord acc. % (ours) |');
    expect(md).toContain('| paper (their best) | 0.55 | 0.07 | 0.77 | 0.12 | 41.2 | 0.38 | 0.08 | 42.2 | — |');
    expect(md).toContain('| **Undertone, made-up** | **0.50** | 0.10 | **-0.10** | 0.00 | **40.0** | **0.70** | 0.40 | **80.0** | 80.0 |');
    expect(md).toContain('| our aim | ≥ 0.85 | | ≥ 0.85 | | ≥ 65 | ≥ 0.9 | | ≥ 80 | |');
  });

  it('runs the whole protocol\'s path on the tiny pack and says a subset is not the protocol', async () => {
    const { report, md } = await runFull(undefined, undefined, { perSet: 1, seeds: [0], seconds: 2 });
    expect(report.rows.map((r) => r.case)).toEqual(['intensity/linear-6db', 'emotion/v-rising-positive+a-rising-positive', 'rhythm/steady-4-75-x0.8', 'melody/ode-to-joy']);
    expect(report.complete).toBe(false);
    expect(report.note).toMatch(/meaningless/);
    const s = report.summary;
    for (const v of [s.intensity.pcc, s.valence.pcc, s.arousal.pcc]) expect(Math.abs(v!)).toBeLessThanOrEqual(1);
    for (const v of [s.melodyAccuracy, s.beatF1]) { expect(v).toBeGreaterThanOrEqual(0); expect(v).toBeLessThanOrEqual(1); }
    expect(report.frechet.generatedVectors).toBe(8); // 4 takes × 2 one-second windows
    expect(md).toContain('# Created controls — music-tiny-random');
    expect(md).toContain('## Melody, by tune');
  });
});
