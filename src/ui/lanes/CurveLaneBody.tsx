/** Intensity, valence and arousal: a piecewise-linear curve drawn, dragged and selected by hand. */
import { useRef, useState, type PointerEvent } from 'react';
import { deletePoints, drawStroke, movePoint, pointsInRange, shiftPoints } from '../../engine/curves/curve.ts';
import type { CurveLane, CurvePoint, LaneId } from '../../engine/project/types.ts';
import { laneSpec } from '../../engine/project/lanes.ts';
import { editLane, setSelection, useStudio } from '../store/studio.ts';
import { FreeSpans, HatchDef } from './FreeSpans.tsx';
import { clampTime, hitAt, localPoint, tToX, valueToY, xToT, yToValue, type LaneBox } from './geometry.ts';
import { useSnap } from './useBeats.ts';
import { useFreeDrag } from './useFreeDrag.ts';
import type { LaneBodyProps, LaneViews } from './views.ts';

type Drag =
  | { kind: 'point'; index: number; moved: boolean }
  | { kind: 'stroke'; original: CurvePoint[]; stroke: CurvePoint[]; captured: boolean }
  | { kind: 'move'; original: CurvePoint[]; indices: number[]; t0: number; v0: number; moved: boolean }
  | { kind: 'box'; t0: number; v0: number; t1: number; v1: number };

export function CurveLaneBody({ id, height, width }: LaneBodyProps) {
  const lane = useStudio((s) => s.project.lanes[id]) as CurveLane;
  const view = useStudio((s) => s.view);
  const tool = useStudio((s) => s.tool);
  const duration = useStudio((s) => s.project.duration);
  const selection = useStudio((s) => s.selection);
  const spec = laneSpec(id);
  const axis = spec.axis!;
  const box: LaneBox = { view, width, height, min: axis.min, max: axis.max };
  const snap = useSnap();
  const free = useFreeDrag(id, duration);
  const drag = useRef<Drag | null>(null);
  const [boxDraft, setBoxDraft] = useState<Drag | null>(null);
  const selected = new Set(selection?.lane === id ? selection.items as number[] : []);
  const clampT = (t: number) => clampTime(t, duration);
  const edit = (change: (l: CurveLane) => CurveLane, capture: boolean) => editLane(id, change as never, capture);

  const at = (e: PointerEvent<SVGSVGElement>) => {
    const p = localPoint(e, e.currentTarget);
    return { t: clampT(xToT(box, p.x)), v: yToValue(box, p.y) };
  };

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const { t, v } = at(e);
    if (tool === 'free') return free.begin(t, e.altKey);
    const hit = (e.target as Element).getAttribute('data-index');
    if (hit !== null) {
      const index = Number(hit);
      if (tool === 'select' && selected.has(index) && selected.size > 1) {
        drag.current = { kind: 'move', original: lane.points.slice(), indices: [...selected], t0: t, v0: v, moved: false };
      } else {
        drag.current = { kind: 'point', index, moved: false };
        setSelection({ lane: id, items: e.shiftKey ? [...selected, index] : [index] });
      }
      return;
    }
    if (tool === 'select') {
      drag.current = { kind: 'box', t0: t, v0: v, t1: t, v1: v };
      setBoxDraft(drag.current);
      return;
    }
    const first = { t: snap(t, e.shiftKey), v };
    drag.current = { kind: 'stroke', original: lane.points.slice(), stroke: [first], captured: true };
    edit((l) => ({ ...l, points: drawStroke(l.points, [first]) }), true);
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    const { t, v } = at(e);
    if (tool === 'free') return free.move(t);
    if (!d) return;
    if (d.kind === 'point') {
      edit((l) => ({ ...l, points: movePoint(l.points, d.index, snap(t, e.shiftKey), v) }), !d.moved);
      d.moved = true;
    } else if (d.kind === 'stroke') {
      d.stroke.push({ t, v });
      const tol = (axis.max - axis.min) * 0.004;
      edit((l) => ({ ...l, points: drawStroke(d.original, d.stroke, tol) }), false);
    } else if (d.kind === 'move') {
      const next = shiftPoints(d.original, d.indices, t - d.t0, v - d.v0, axis.min, axis.max);
      edit((l) => ({ ...l, points: next }), !d.moved);
      d.moved = true;
    } else if (d.kind === 'box') {
      d.t1 = t;
      d.v1 = v;
      setBoxDraft({ ...d });
    }
  };

  const onPointerUp = () => {
    if (tool === 'free') return free.end();
    const d = drag.current;
    drag.current = null;
    if (d?.kind === 'box') {
      setBoxDraft(null);
      const [t0, t1] = [Math.min(d.t0, d.t1), Math.max(d.t0, d.t1)];
      const [v0, v1] = [Math.min(d.v0, d.v1), Math.max(d.v0, d.v1)];
      const idx = pointsInRange(lane.points, t0, t1).filter((i) => lane.points[i].v >= v0 && lane.points[i].v <= v1);
      setSelection(idx.length ? { lane: id, items: idx } : null);
    }
  };

  const onDoubleClick = (e: React.MouseEvent<SVGSVGElement>) => {
    const hit = (hitAt(e) ?? e.target as Element).getAttribute('data-index');
    if (hit === null) return;
    edit((l) => ({ ...l, points: deletePoints(l.points, [Number(hit)]) }), true);
    setSelection(null);
  };

  const pts = lane.points;
  const path = pts.length
    ? [
        `M ${Math.min(0, tToX(box, pts[0].t))} ${valueToY(box, pts[0].v)}`,
        ...pts.map((p) => `L ${tToX(box, p.t)} ${valueToY(box, p.v)}`),
        `L ${Math.max(width, tToX(box, duration))} ${valueToY(box, pts[pts.length - 1].v)}`,
      ].join(' ')
    : '';
  const zeroY = valueToY(box, 0);
  const endX = tToX(box, duration);
  const bd = boxDraft?.kind === 'box' ? boxDraft : null;

  return (
    <svg className={`lane-body tool-${tool}`} width={width} height={height} data-testid={`lane-${id}`}
      tabIndex={0} role="group" aria-label={`${spec.label} lane: Tab to its points`}
      onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}
      onDoubleClick={onDoubleClick}>
      <HatchDef />
      <line className="zero-line" x1={0} x2={width} y1={zeroY} y2={zeroY} />
      {endX < width && <rect className="past-end" x={endX} y={0} width={width - endX} height={height} />}
      <FreeSpans spans={lane.free} box={box} draft={free.draft} />
      {path && <path className={`curve curve-${id}`} d={path} />}
      {pts.map((p, i) => {
        const x = tToX(box, p.t);
        if (x < -10 || x > width + 10) return null;
        return (
          <circle key={i} data-testid="point" data-index={i} className={selected.has(i) ? 'point selected' : 'point'}
            cx={x} cy={valueToY(box, p.v)} r={4.5} tabIndex={0} aria-label={`${spec.label} point at ${p.t.toFixed(2)} s: ${p.v.toFixed(2)} ${axis.unit}`}
            onFocus={() => { if (!selected.has(i)) setSelection({ lane: id, items: [i] }); }}>
            <title>{p.t.toFixed(2)} s: {p.v.toFixed(2)} {axis.unit}</title>
          </circle>
        );
      })}
      {bd && (
        <rect className="box-select" x={tToX(box, Math.min(bd.t0, bd.t1))} y={valueToY(box, Math.max(bd.v0, bd.v1))}
          width={Math.abs(bd.t1 - bd.t0) * view.pxPerSec} height={Math.abs(valueToY(box, bd.v0) - valueToY(box, bd.v1))} />
      )}
      {pts.length === 0 && !free.draft && (
        <text className="lane-hint" x={8} y={height / 2 + 4}>{tool === 'draw' ? 'Drag to draw' : 'Not drawn: left to the model'}</text>
      )}
    </svg>
  );
}

/** The lane's value range under its name. */
function CurveRange({ id }: { id: LaneId }) {
  const axis = laneSpec(id).axis!;
  return <div className="lane-range">{axis.max > 0 ? '+' : ''}{axis.max} … {axis.min} {axis.unit}</div>;
}

const curveView = { Body: CurveLaneBody, Header: CurveRange };
export const views: LaneViews = { intensity: curveView, valence: curveView, arousal: curveView };
