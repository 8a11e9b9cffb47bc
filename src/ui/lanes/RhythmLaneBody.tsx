/**
 * The rhythm lane: a strip of beats on top (downbeats tall and numbered by bar) and the tempo
 * curve below it. Beats can be dragged, added (Draw: click the strip) and removed (double-click).
 */
import { useRef, type PointerEvent } from 'react';
import { deletePoints, insertPoint, movePoint } from '../../engine/curves/curve.ts';
import { laneSpec } from '../../engine/project/lanes.ts';
import type { Beat } from '../../engine/rhythm/beatgrid.ts';
import { addBeat, addedIndexOf, moveBeat, removeBeat } from '../../engine/rhythm/edits.ts';
import { editLane, setSelection, useStudio } from '../store/studio.ts';
import { FreeSpans, HatchDef } from './FreeSpans.tsx';
import { clampTime, hitAt, localPoint, tToX, valueToY, xToT, yToValue, type LaneBox } from './geometry.ts';
import { useBeats } from './useBeats.ts';
import { useFreeDrag } from './useFreeDrag.ts';
import { RhythmControls } from './RhythmControls.tsx';
import type { LaneBodyProps, LaneViews } from './views.ts';

export const BEAT_STRIP = 22;

type Drag =
  | { kind: 'beat'; beat: Beat; addedIndex: number; moved: boolean }
  | { kind: 'tempo'; index: number; moved: boolean };

export function RhythmLaneBody({ height, width }: LaneBodyProps) {
  const lane = useStudio((s) => s.project.lanes.rhythm);
  const view = useStudio((s) => s.view);
  const tool = useStudio((s) => s.tool);
  const duration = useStudio((s) => s.project.duration);
  const selection = useStudio((s) => s.selection);
  const beats = useBeats();
  const axis = laneSpec('rhythm').axis!;
  const tempoBox: LaneBox = { view, width, height: height - BEAT_STRIP, min: axis.min, max: axis.max };
  const box: LaneBox = { ...tempoBox, height };
  const free = useFreeDrag('rhythm', duration);
  const drag = useRef<Drag | null>(null);
  const selected = new Set(selection?.lane === 'rhythm' ? selection.items as number[] : []);
  const clampT = (t: number) => clampTime(t, duration);

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = localPoint(e, e.currentTarget);
    const t = clampT(xToT(box, p.x));
    if (tool === 'free') return free.begin(t, e.altKey);
    const target = e.target as Element;
    const beatIdx = target.getAttribute('data-beat');
    if (beatIdx !== null) {
      const beat = beats[Number(beatIdx)];
      drag.current = { kind: 'beat', beat, addedIndex: addedIndexOf(lane, beat), moved: false };
      return;
    }
    const tempoIdx = target.getAttribute('data-index');
    if (tempoIdx !== null) {
      drag.current = { kind: 'tempo', index: Number(tempoIdx), moved: false };
      setSelection({ lane: 'rhythm', items: [Number(tempoIdx)] });
      return;
    }
    if (tool !== 'draw') return setSelection(null);
    if (p.y < BEAT_STRIP) {
      editLane('rhythm', (l) => addBeat(l, t), true);
      return;
    }
    const bpm = Math.round(yToValue(tempoBox, p.y - BEAT_STRIP));
    let index = 0;
    editLane('rhythm', (l) => {
      const r = insertPoint(l.tempo, { t, v: bpm });
      index = r.index;
      return { ...l, tempo: r.points };
    }, true);
    drag.current = { kind: 'tempo', index, moved: true };
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const p = localPoint(e, e.currentTarget);
    const t = clampT(xToT(box, p.x));
    if (tool === 'free') return free.move(t);
    const d = drag.current;
    if (!d) return;
    if (d.kind === 'beat') {
      editLane('rhythm', (l) => moveBeat(l, d.beat, d.addedIndex, t), !d.moved);
      d.moved = true;
    } else {
      const bpm = Math.round(yToValue(tempoBox, p.y - BEAT_STRIP) * 10) / 10;
      editLane('rhythm', (l) => ({ ...l, tempo: movePoint(l.tempo, d.index, t, bpm) }), !d.moved);
      d.moved = true;
    }
  };

  const onPointerUp = () => {
    if (tool === 'free') return free.end();
    drag.current = null;
  };

  const onDoubleClick = (e: React.MouseEvent<SVGSVGElement>) => {
    const target = hitAt(e) ?? (e.target as Element);
    const beatIdx = target.getAttribute('data-beat');
    if (beatIdx !== null) return editLane('rhythm', (l) => removeBeat(l, beats[Number(beatIdx)]), true);
    const tempoIdx = target.getAttribute('data-index');
    if (tempoIdx !== null) {
      editLane('rhythm', (l) => ({ ...l, tempo: deletePoints(l.tempo, [Number(tempoIdx)]) }), true);
      setSelection(null);
    }
  };

  let bar = 0;
  const tempo = lane.tempo;
  const tempoPath = tempo.length
    ? [`M ${Math.min(0, tToX(box, tempo[0].t))} ${BEAT_STRIP + valueToY(tempoBox, tempo[0].v)}`,
       ...tempo.map((q) => `L ${tToX(box, q.t)} ${BEAT_STRIP + valueToY(tempoBox, q.v)}`),
       `L ${Math.max(width, tToX(box, duration))} ${BEAT_STRIP + valueToY(tempoBox, tempo[tempo.length - 1].v)}`].join(' ')
    : '';
  const endX = tToX(box, duration);
  return (
    <svg className={`lane-body rhythm tool-${tool}`} width={width} height={height} data-testid="lane-rhythm"
      tabIndex={0} role="group" aria-label="Rhythm lane: Tab to its tempo points"
      onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}
      onDoubleClick={onDoubleClick}>
      <HatchDef />
      <rect className="beat-strip" x={0} y={0} width={width} height={BEAT_STRIP} />
      {endX < width && <rect className="past-end" x={endX} y={0} width={width - endX} height={height} />}
      <FreeSpans spans={lane.free} box={box} draft={free.draft} />
      {beats.map((b, i) => {
        if (b.downbeat) bar++;
        const x = tToX(box, b.t);
        if (x < -4 || x > width + 4) return null;
        return (
          <g key={i}>
            <line className={b.downbeat ? 'beat-line downbeat' : 'beat-line'} x1={x} x2={x} y1={BEAT_STRIP} y2={height} />
            <rect data-testid={b.downbeat ? 'downbeat' : 'beat'} data-beat={i}
              className={`beat-mark${b.downbeat ? ' downbeat' : ''}${b.index === null ? ' added' : ''}`}
              x={x - 2.5} y={b.downbeat ? 2 : 9} width={5} height={b.downbeat ? BEAT_STRIP - 4 : BEAT_STRIP - 11} rx={1.5}>
              <title>{b.downbeat ? `Bar ${bar} downbeat` : 'Beat'} at {b.t.toFixed(3)} s</title>
            </rect>
            {b.downbeat && view.pxPerSec * 2 > 24 && <text className="bar-number" x={x + 4} y={12}>{bar}</text>}
          </g>
        );
      })}
      {tempoPath && <path className="curve curve-tempo" d={tempoPath} />}
      {tempo.map((q, i) => (
        <circle key={i} data-testid="tempo-point" data-index={i} className={selected.has(i) ? 'point selected' : 'point'}
          cx={tToX(box, q.t)} cy={BEAT_STRIP + valueToY(tempoBox, q.v)} r={4.5}
          tabIndex={0} aria-label={`Tempo point at ${q.t.toFixed(2)} s: ${q.v.toFixed(1)} BPM`}
          onFocus={() => { if (!selected.has(i)) setSelection({ lane: 'rhythm', items: [i] }); }}>
          <title>{q.t.toFixed(2)} s: {q.v.toFixed(1)} BPM</title>
        </circle>
      ))}
      {tempo.length === 0 && !free.draft && (
        <text className="lane-hint" x={8} y={BEAT_STRIP + 20}>No tempo: set BPM at left, or draw a tempo point</text>
      )}
    </svg>
  );
}

export const views: LaneViews = { rhythm: { Body: RhythmLaneBody, Header: RhythmControls } };
