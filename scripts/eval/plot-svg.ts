/**
 * The PNG plots of `npm run eval`, drawn first as SVG (pure strings, so tests can read them):
 * one sheet per created-control set, one small panel per case and drawn lane — the curve asked
 * (the lane's colour) against the curve heard (dark grey) over the take, the spans where they part
 * shaded red, free spans grey, the lane's headline score in the title. The same data and parting
 * rules as the studio's adherence view (engine/metrics/adherence.ts). png.ts rasterises them.
 */
import type { LaneAdherence, PointPair } from '../../src/engine/metrics/adherence.ts';
import { PITCH_NAMES, laneSpec } from '../../src/engine/project/lanes.ts';

/** The lanes' colours, darkened for a white page. */
const COLOUR: Record<string, string> = {
  rhythm: '#c77d0e', intensity: '#d93b3b', melody: '#23915a', valence: '#8e44c8', arousal: '#12899b', harmony: '#b08a10',
};
const HEARD = '#333333', PARTED = '#e04848', FREE = '#9aa0ad';

export const PANEL = { width: 300, height: 120, left: 34, right: 8, top: 20, bottom: 16 } as const;

export interface PlotPanel {
  /** Shown above the plot with the lane's name and headline score. */
  readonly title: string;
  readonly lane: LaneAdherence;
  readonly start: number;
  readonly seconds: number;
}

/** Rough glyph widths (px) of the title fonts: the case's name is cut to leave room for the lane and its score. */
const CASE_CHAR_PX = 5.6, SCORE_CHAR_PX = 6.4;
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => (Math.round(v * 10) / 10).toString();

/** The value range a panel shows: the lane's own axis widened to what was heard; pitch classes 0-11; beat rows. */
export function valueRange(lane: LaneAdherence): [number, number] {
  if (lane.beats) return [-0.5, 1.5];
  const axis = laneSpec(lane.lane).axis;
  if (!axis) return [-0.5, 11.5];
  let lo = axis.min, hi = axis.max;
  for (const p of lane.points) for (const v of [p.asked, p.heard]) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return [Math.floor(lo), Math.ceil(hi)];
}

/**
 * Polyline paths through the points, broken where a side is null; `step` holds each value until
 * the next point (pitch classes, chord roots).
 */
export function pathOf(points: readonly PointPair[], side: 'asked' | 'heard', x: (t: number) => number, y: (v: number) => number, step: boolean): string {
  let d = '', open = false;
  for (const p of points) {
    const v = p[side];
    if (v === null) { open = false; continue; }
    const px = n(x(p.t)), py = n(y(v));
    if (!open) d += `M${px},${py}`;
    else d += step ? `H${px}V${py}` : `L${px},${py}`;
    open = true;
  }
  return d;
}

function headline(lane: LaneAdherence): string {
  const s = lane.scores[0];
  if (!s) return 'free';
  const unit = laneSpec(lane.lane).axis?.unit;
  const v = !Number.isFinite(s.value) ? '—' : s.name === 'PCC' || s.name === 'CCC' ? s.value.toFixed(2)
    : s.name === 'RMSE' ? `${s.value.toFixed(1)}${unit ? ` ${unit}` : ''}` : `${Math.round(s.value * 100)} %`;
  return `${s.name} ${v}`;
}

/** One panel at (ox, oy). */
export function panelSvg(p: PlotPanel, ox: number, oy: number): string {
  const { width, height, left, right, top, bottom } = PANEL;
  const w = width - left - right, h = height - top - bottom;
  const [lo, hi] = valueRange(p.lane);
  const x = (t: number) => left + ((t - p.start) / p.seconds) * w;
  const y = (v: number) => top + h - ((v - lo) / (hi - lo)) * h;
  const colour = COLOUR[p.lane.lane] ?? HEARD;
  const pitched = p.lane.lane === 'melody' || p.lane.lane === 'harmony';
  const out: string[] = [`<g transform="translate(${ox},${oy})">`];
  // the case on the left (cut to fit), the lane and its score on the right
  const score = `${laneSpec(p.lane.lane).label} ${headline(p.lane)}`;
  const fits = Math.floor((w - score.length * SCORE_CHAR_PX - 8) / CASE_CHAR_PX);
  out.push(`<text x="${left}" y="13" font-size="10" fill="#444">${esc(clip(p.title, fits))}</text>`);
  out.push(`<text x="${width - right}" y="13" font-size="11" fill="#222" text-anchor="end">${esc(laneSpec(p.lane.lane).label)} <tspan font-weight="bold">${esc(headline(p.lane))}</tspan></text>`);
  out.push(`<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="#fafafa" stroke="#ccc"/>`);
  const band = (s: { start: number; end: number }, fill: string, opacity: number) =>
    `<rect x="${n(x(s.start))}" y="${top}" width="${n(x(s.end) - x(s.start))}" height="${h}" fill="${fill}" fill-opacity="${opacity}"/>`;
  for (const s of p.lane.freeSpans) out.push(band(s, FREE, 0.25));
  for (const s of p.lane.parted) out.push(band(s, PARTED, 0.18));
  const label = (v: number) => (p.lane.beats ? (v === 1 ? 'asked' : 'heard') : pitched ? PITCH_NAMES[v] ?? '' : String(v));
  const ticks = p.lane.beats ? [0, 1] : pitched ? [0, 4, 7, 11] : [lo, hi];
  for (const v of ticks) out.push(`<text x="${left - 3}" y="${n(y(v) + 3)}" font-size="9" fill="#666" text-anchor="end">${esc(label(v))}</text>`);
  for (const t of [p.start, p.start + p.seconds / 2, p.start + p.seconds]) {
    out.push(`<text x="${n(x(t))}" y="${height - 4}" font-size="9" fill="#666" text-anchor="middle">${n(t)} s</text>`);
  }
  if (p.lane.beats) {
    for (const b of p.lane.beats.asked) out.push(`<line x1="${n(x(b.t))}" x2="${n(x(b.t))}" y1="${n(y(1) - (b.downbeat ? 9 : 6))}" y2="${n(y(1) + (b.downbeat ? 9 : 6))}" stroke="${colour}" stroke-width="2"/>`);
    for (const b of p.lane.beats.heard) out.push(`<line x1="${n(x(b.t))}" x2="${n(x(b.t))}" y1="${n(y(0) - (b.downbeat ? 9 : 6))}" y2="${n(y(0) + (b.downbeat ? 9 : 6))}" stroke="${HEARD}" stroke-width="1.5"/>`);
  } else {
    out.push(`<path d="${pathOf(p.lane.points, 'asked', x, y, pitched)}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<path d="${pathOf(p.lane.points, 'heard', x, y, pitched)}" fill="none" stroke="${HEARD}" stroke-width="1.2"/>`);
  }
  out.push('</g>');
  return out.join('');
}

/** A sheet of panels, `columns` wide, under a title line. */
export function sheetSvg(title: string, panels: readonly PlotPanel[], columns = 4): string {
  const cols = Math.max(1, Math.min(columns, panels.length));
  const rows = Math.ceil(panels.length / cols);
  const head = 28, width = cols * PANEL.width + 8, height = head + rows * PANEL.height + 22;
  const body = panels.map((p, i) => panelSvg(p, 4 + (i % cols) * PANEL.width, head + Math.floor(i / cols) * PANEL.height)).join('');
  const legend = `<text x="8" y="${height - 6}" font-size="10" fill="#555">coloured: asked · grey: heard in the take · red band: where they part (docs/evaluation.md) · grey band: free</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">`
    + `<rect width="${width}" height="${height}" fill="#fff"/><text x="8" y="18" font-size="13" font-weight="bold" fill="#111">${esc(title)}</text>${body}${legend}</svg>`;
}
