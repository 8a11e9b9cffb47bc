/**
 * One lane of the adherence view: the curve asked for and the curve heard, overlaid on the
 * take's time axis (timeline seconds), with the spans where they part shaded red and the lane's
 * free spans shaded grey. Rhythm shows beats as two rows of marks (asked above, heard below);
 * melody and harmony show pitch classes (harmony: the chord's root) as steps.
 */
import { CartesianGrid, ComposedChart, Line, ReferenceArea, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { PITCH_NAMES, laneSpec } from '../../engine/project/lanes.ts';
import type { LaneAdherence, PointPair } from '../../engine/metrics/adherence.ts';

/** The lanes' colours (styles.css :root), as values: SVG attributes get them, not CSS variables. */
const COLOUR: Record<string, string> = {
  rhythm: '#f0b04c', intensity: '#ff6b6b', melody: '#67d39a', valence: '#c792ea', arousal: '#4dd0e1', harmony: '#ffd166',
};
const HEARD = '#dfe3ec', PARTED = '#ff6b6b', FREE = '#8b93a7', GRID = '#2f3442', AXIS = '#8b93a7';
export const CHART_WIDTH = 620;
const HEIGHT = 120;
const MARGIN = { top: 6, right: 8, bottom: 2, left: 0 };
const PITCH_TICKS = [0, 2, 4, 5, 7, 9, 11];

const seconds = (t: number) => `${t.toFixed(1)} s`;

/** The value axis: the lane's own range, widened to what was heard (a silent take reads far below). */
function valueDomain(lane: LaneAdherence): [number, number] {
  const axis = laneSpec(lane.lane).axis;
  if (!axis) return [0, 11];
  let lo = axis.min, hi = axis.max;
  for (const p of lane.points) for (const v of [p.asked, p.heard]) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  return [Math.floor(lo), Math.ceil(hi)];
}

export function AdherenceChart({ lane, start, end }: { lane: LaneAdherence; start: number; end: number }) {
  const colour = COLOUR[lane.lane] ?? HEARD;
  const pitched = lane.lane === 'melody' || lane.lane === 'harmony';
  const beats = lane.beats;
  const areas = (
    <>
      {lane.freeSpans.map((s) => (
        <ReferenceArea key={`f${s.start}`} x1={s.start} x2={s.end} fill={FREE} fillOpacity={0.18} ifOverflow="hidden" className="adherence-free" />
      ))}
      {lane.parted.map((s) => (
        <ReferenceArea key={`p${s.start}`} x1={s.start} x2={s.end} fill={PARTED} fillOpacity={0.22} ifOverflow="hidden" className="adherence-parted" />
      ))}
    </>
  );
  const x = <XAxis dataKey="t" type="number" domain={[start, end]} allowDataOverflow tickFormatter={seconds} stroke={AXIS} fontSize={10} height={18} />;
  if (beats) {
    const asked = beats.asked.map((b) => ({ t: b.t, row: 1, downbeat: b.downbeat }));
    const heard = beats.heard.map((b) => ({ t: b.t, row: 0, downbeat: b.downbeat }));
    return (
      <ComposedChart width={CHART_WIDTH} height={80} margin={MARGIN}>
        <CartesianGrid stroke={GRID} vertical={false} />
        {x}
        <YAxis dataKey="row" type="number" domain={[-0.5, 1.5]} ticks={[0, 1]} tickFormatter={(v: number) => (v === 1 ? 'asked' : 'heard')} stroke={AXIS} fontSize={10} width={44} />
        {areas}
        <Scatter name="asked" data={asked} fill={colour} shape="diamond" isAnimationActive={false} />
        <Scatter name="heard" data={heard} fill={HEARD} shape="circle" isAnimationActive={false} />
        <Tooltip labelFormatter={() => ''} formatter={(v, name) => (name === 't' ? seconds(Number(v)) : v)} />
      </ComposedChart>
    );
  }
  return (
    <ComposedChart width={CHART_WIDTH} height={HEIGHT} margin={MARGIN} data={lane.points as PointPair[]}>
      <CartesianGrid stroke={GRID} vertical={false} />
      {x}
      <YAxis type="number" domain={valueDomain(lane)} stroke={AXIS} fontSize={10} width={44}
        {...(pitched ? { ticks: PITCH_TICKS, tickFormatter: (v: number) => PITCH_NAMES[v] ?? '' } : {})} />
      {areas}
      <Line name="asked" dataKey="asked" type={pitched ? 'stepAfter' : 'linear'} stroke={colour} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
      <Line name="heard" dataKey="heard" type={pitched ? 'stepAfter' : 'linear'} stroke={HEARD} strokeWidth={1.2} dot={false} isAnimationActive={false} connectNulls={false} />
      <Tooltip labelFormatter={(t) => seconds(Number(t))}
        formatter={(v) => (v === null || v === undefined ? '—' : pitched ? PITCH_NAMES[Number(v)] : Number(v).toFixed(2))} />
    </ComposedChart>
  );
}
