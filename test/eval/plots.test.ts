/**
 * The eval's plot sheets (scripts/eval/plot-svg.ts, plots.ts) as SVG text against hand-computed
 * coordinates: paths broken at nulls (straight for curves, steps for pitch), the value range, a
 * parted span's band, and which lanes of which takes make which sheet.
 */
import { describe, expect, it } from 'vitest';
import type { Adherence, LaneAdherence } from '../../src/engine/metrics/adherence.ts';
import { PANEL, panelSvg, pathOf, valueRange } from '../../scripts/eval/plot-svg.ts';
import { planSheets, plotsMarkdown } from '../../scripts/eval/plots.ts';

const points = [{ t: 0, asked: 0, heard: 1 }, { t: 1, asked: null, heard: 2 }, { t: 2, asked: 1, heard: 3 }];
const x = (t: number) => t * 10, y = (v: number) => 100 - v * 10;

function lane(id: LaneAdherence['lane'], over: Partial<LaneAdherence> = {}): LaneAdherence {
  return { lane: id, free: false, scores: [{ name: 'PCC', value: 0.5 }], points, beats: null, chords: null, parted: [], freeSpans: [], rule: '', ...over };
}

describe('plot paths', () => {
  it('break where a side says nothing; pitch holds each value as a step', () => {
    expect(pathOf(points, 'asked', x, y, false)).toBe('M0,100M20,90');
    expect(pathOf(points, 'heard', x, y, false)).toBe('M0,90L10,80L20,70');
    expect(pathOf(points, 'heard', x, y, true)).toBe('M0,90H10V80H20V70');
  });

  it('show the lane\'s range, widened to what was heard', () => {
    expect(valueRange(lane('intensity'))).toEqual([-18, 18]);
    expect(valueRange(lane('intensity', { points: [{ t: 0, asked: 3, heard: -30.2 }] }))).toEqual([-31, 18]);
    expect(valueRange(lane('melody'))).toEqual([0, 11]); // the pitch-class axis
  });

  it('shade a parted span over its seconds', () => {
    // a 4 s take from 0: the plot is 300 − 34 − 8 = 258 px wide, so 1-2 s is x 98.5, width 64.5; 120 − 20 − 16 = 84 px high
    const svg = panelSvg({ title: 'tanh', lane: lane('valence', { parted: [{ start: 1, end: 2 }] }), start: 0, seconds: 4 }, 0, 0);
    expect(PANEL.width - PANEL.left - PANEL.right).toBe(258);
    expect(svg).toContain('<rect x="98.5" y="20" width="64.5" height="84" fill="#e04848" fill-opacity="0.18"/>');
    expect(svg).toContain('>tanh</text>');
    expect(svg).toContain('Valence <tspan font-weight="bold">PCC 0.50</tspan>');
    // a long case name is cut to fit beside the score: "Valence PCC 0.50" is 16 × 6.4 px, so (258 − 102.4 − 8) / 5.6 → 26 characters
    const long = panelSvg({ title: 'v-rising-crossing+a-falling-positive (seed 0)', lane: lane('valence'), start: 0, seconds: 4 }, 0, 0);
    expect(long).toContain('>v-rising-crossing+a-falli…</text>');
  });
});

describe('plot sheets', () => {
  const take = (set: string, name: string, lanes: LaneAdherence[]) =>
    ({ case: `${set}/${name}`, set, seed: 0, adherence: { start: 0, seconds: 4, lanes } satisfies Adherence });
  const plotted = [
    take('intensity', 'tanh', [lane('intensity'), lane('melody', { free: true, scores: [], points: [] })]),
    take('melody', 'ode', [lane('melody'), lane('harmony')]),
  ];

  it('one sheet per set in the full mode, one in the quick mode; free lanes are not drawn', () => {
    const full = planSheets('created', 'pack-x', plotted);
    expect(full.map((s) => s.name)).toEqual(['created-intensity', 'created-melody']);
    expect(full[0].title).toBe('pack-x — created intensity: asked vs heard, 1 case');
    // one panel per drawn lane: a panel is a translated group
    const panels = (svg: string) => svg.match(/<g transform=/g)?.length ?? 0;
    expect(full.map((s) => panels(s.svg))).toEqual([1, 2]);
    const quick = planSheets('quick', 'pack-x', plotted);
    expect(quick.map((s) => [s.name, panels(s.svg)])).toEqual([['quick', 3]]);
  });

  it('the report links each sheet, and says when only SVG could be written', () => {
    expect(plotsMarkdown(['quick.png'], null)).toContain('![quick.png](plots/quick.png)');
    expect(plotsMarkdown(['quick.svg'], 'Chromium did not start (x): SVG written instead of PNG')).toContain('> Chromium did not start (x): SVG written instead of PNG.');
  });
});
