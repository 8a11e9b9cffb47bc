/**
 * Which plots `npm run eval` draws (docs/evaluation.md, "Plots"): each case's first take, every
 * lane the case drew, asked against heard — one sheet per created-control set in the full mode,
 * one sheet in the quick mode — and the markdown that shows them under the report.
 */
import type { PlottedTake } from './run.ts';
import { sheetSvg, type PlotPanel } from './plot-svg.ts';

export interface SheetPlan {
  /** File name without extension, under the results folder's plots/. */
  readonly name: string;
  readonly title: string;
  readonly svg: string;
}

const panelsOf = (takes: readonly PlottedTake[]): PlotPanel[] => takes.flatMap((t) => t.adherence.lanes
  .filter((l) => !l.free)
  .map((lane) => ({ title: `${t.case.replace(/^[^/]+\//, '')} (seed ${t.seed})`, lane, start: t.adherence.start, seconds: t.adherence.seconds })));

export function planSheets(mode: 'quick' | 'created', pack: string, plotted: readonly PlottedTake[]): SheetPlan[] {
  const groups = mode === 'quick' ? [['quick', plotted] as const]
    : [...new Set(plotted.map((t) => t.set))].map((set) => [`created-${set}`, plotted.filter((t) => t.set === set)] as const);
  return groups.flatMap(([name, takes]) => {
    const panels = panelsOf(takes);
    if (panels.length === 0) return [];
    const what = name === 'quick' ? 'quick mode' : `created ${name.replace('created-', '')}`;
    const title = `${pack} — ${what}: asked vs heard, ${takes.length} case${takes.length === 1 ? '' : 's'}`;
    return [{ name, title, svg: sheetSvg(title, panels) }];
  });
}

/** The report's plots section: each sheet as an image, relative to the markdown file. */
export function plotsMarkdown(files: readonly string[], fallback: string | null): string {
  return ['## Plots: asked vs heard', '',
    'Each case\'s first take, every lane it drew: the curve asked (coloured) against the curve heard (grey), red where they part '
      + '(the studio\'s adherence rules, docs/evaluation.md), the lane\'s headline score in each title.', '',
    ...(fallback ? [`> ${fallback}.`, ''] : []),
    // a blank line between images: each sheet on its own line, not side by side
    ...files.flatMap((f) => [`![${f}](plots/${f})`, '']), ''].join('\n');
}
