/**
 * The harmony lane: chord blocks on the beat grid, one chord at a time. Draw: drag on the lane to
 * add a chord (the key's tonic chord; type or pick another to relabel it); drag a block to move
 * it, its edges to resize it (both snap to beats and bar lines when Snap is on); double-click
 * removes it. Bar lines of the rhythm lane are drawn so the grid shows.
 */
import { useRef, type PointerEvent } from 'react';
import { chordSlot, MIN_CHORD, placeChord, removeChords, type ChordBlock } from '../../engine/harmony/blocks.ts';
import { chordLabel, keyChords, parseKey } from '../../engine/harmony/symbols.ts';
import { newId } from '../../engine/project/create.ts';
import { laneFlats } from '../../engine/project/lanes/harmony.ts';
import { editLane, setSelection, useStudio } from '../store/studio.ts';
import { FreeSpans, HatchDef } from './FreeSpans.tsx';
import { clampTime, hitAt, localPoint, tToX, xToT, type LaneBox } from './geometry.ts';
import { HarmonyControls } from './HarmonyControls.tsx';
import { useBeats, useSnap } from './useBeats.ts';
import { useFreeDrag } from './useFreeDrag.ts';
import type { LaneBodyProps, LaneViews } from './views.ts';

type Drag =
  | { kind: 'create'; original: readonly ChordBlock[]; block: ChordBlock }
  | { kind: 'move'; original: readonly ChordBlock[]; block: ChordBlock; dt0: number; moved: boolean }
  | { kind: 'resize'; original: readonly ChordBlock[]; block: ChordBlock; edge: 'start' | 'end'; moved: boolean };

const EDGE_PX = 6;
const PAD = 8;

export function HarmonyLaneBody({ height, width }: LaneBodyProps) {
  const lane = useStudio((s) => s.project.lanes.harmony);
  const view = useStudio((s) => s.view);
  const tool = useStudio((s) => s.tool);
  const duration = useStudio((s) => s.project.duration);
  const selection = useStudio((s) => s.selection);
  const snapOn = useStudio((s) => s.project.settings.snapToBeats);
  const beats = useBeats();
  const snap = useSnap();
  const free = useFreeDrag('harmony', duration);
  const drag = useRef<Drag | null>(null);
  const box: LaneBox = { view, width, height, min: 0, max: 1 };
  const selected = new Set(selection?.lane === 'harmony' ? selection.items as string[] : []);
  const clampT = (t: number) => clampTime(t, duration);
  const commit = (original: readonly ChordBlock[], block: ChordBlock, capture: boolean) =>
    editLane('harmony', (l) => ({ ...l, chords: placeChord(original, block) }), capture);

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const { x } = localPoint(e, e.currentTarget);
    const t = clampT(xToT(box, x));
    if (tool === 'free') return free.begin(t, e.altKey);
    const id = (e.target as Element).getAttribute('data-chord');
    const block = id ? lane.chords.find((c) => c.id === id) : undefined;
    if (block) {
      setSelection({ lane: 'harmony', items: e.shiftKey ? [...selected, block.id] : [block.id] });
      const others = lane.chords.filter((c) => c.id !== block.id);
      const edge = tToX(box, block.end) - x <= EDGE_PX ? 'end' : x - tToX(box, block.start) <= EDGE_PX ? 'start' : null;
      drag.current = edge
        ? { kind: 'resize', original: others, block, edge, moved: false }
        : { kind: 'move', original: others, block, dt0: t - block.start, moved: false };
      return;
    }
    if (tool !== 'draw') return setSelection(null);
    // A click gives the bar from the nearest beat; dragging sets the end.
    const slot = chordSlot(beats, snap(t, e.shiftKey), duration, snapOn && !e.shiftKey);
    if (!slot) return;
    const tonic = chordLabel(keyChords(parseKey(lane.key))[0], laneFlats(lane));
    const created: ChordBlock = { id: newId('c'), ...slot, label: tonic };
    drag.current = { kind: 'create', original: lane.chords, block: created };
    commit(lane.chords, created, true);
    setSelection({ lane: 'harmony', items: [created.id] });
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const t = clampT(xToT(box, localPoint(e, e.currentTarget).x));
    if (tool === 'free') return free.move(t);
    const d = drag.current;
    if (!d) return;
    if (d.kind === 'create') {
      if (t <= d.block.start + MIN_CHORD) return;
      commit(d.original, { ...d.block, end: Math.max(d.block.start + MIN_CHORD, snap(t, e.shiftKey)) }, false);
    } else if (d.kind === 'resize') {
      const s = snap(t, e.shiftKey);
      const next = d.edge === 'end'
        ? { ...d.block, end: Math.max(d.block.start + MIN_CHORD, s) }
        : { ...d.block, start: Math.min(d.block.end - MIN_CHORD, s) };
      commit(d.original, next, !d.moved);
      d.moved = true;
    } else {
      const len = d.block.end - d.block.start;
      const start = Math.max(0, Math.min(duration - len, snap(t - d.dt0, e.shiftKey)));
      if (!d.moved && Math.abs(start - d.block.start) < 1e-9) return;
      commit(d.original, { ...d.block, start, end: start + len }, !d.moved);
      d.moved = true;
    }
  };

  const onPointerUp = () => {
    if (tool === 'free') return free.end();
    drag.current = null;
  };

  const onDoubleClick = (e: React.MouseEvent<SVGSVGElement>) => {
    const id = (hitAt(e) ?? e.target as Element).getAttribute('data-chord');
    if (!id) return;
    editLane('harmony', (l) => ({ ...l, chords: removeChords(l.chords, [id]) }), true);
    setSelection(null);
  };

  const endX = tToX(box, duration);
  return (
    <svg className={`lane-body harmony tool-${tool}`} width={width} height={height} data-testid="lane-harmony"
      tabIndex={0} role="group" aria-label={`Harmony lane in ${lane.key}: Tab to its chords`}
      onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}
      onDoubleClick={onDoubleClick}>
      <HatchDef />
      {beats.filter((b) => b.downbeat).map((b) => {
        const x = tToX(box, b.t);
        return x < 0 || x > width ? null : <line key={b.t} className="bar-line" x1={x} x2={x} y1={0} y2={height} />;
      })}
      {endX < width && <rect className="past-end" x={endX} y={0} width={width - endX} height={height} />}
      <FreeSpans spans={lane.free} box={box} draft={free.draft} />
      {lane.chords.map((c) => {
        const x0 = tToX(box, c.start);
        const x1 = tToX(box, c.end);
        if (x1 < 0 || x0 > width) return null;
        const w = Math.max(3, x1 - x0 - 1);
        return (
          <g key={c.id}>
            <rect data-testid="chord" data-chord={c.id} data-label={c.label} className={selected.has(c.id) ? 'chord selected' : 'chord'}
              x={x0} y={PAD} width={w} height={height - 2 * PAD} rx={3}
              tabIndex={0} aria-label={`Chord ${c.label} ${c.start.toFixed(2)}–${c.end.toFixed(2)} s`}
              onFocus={() => { if (!selected.has(c.id)) setSelection({ lane: 'harmony', items: [c.id] }); }}>
              <title>{c.label} {c.start.toFixed(2)}–{c.end.toFixed(2)} s</title>
            </rect>
            {w > 18 && <text className="chord-label" x={x0 + 6} y={height / 2 + 6}>{c.label}</text>}
          </g>
        );
      })}
      {lane.chords.length === 0 && !free.draft && (
        <text className="lane-hint" x={8} y={height / 2 + 4}>No chords: type one at left (Am ⏎), pick one from the palette, or drag here</text>
      )}
    </svg>
  );
}

export const views: LaneViews = { harmony: { Body: HarmonyLaneBody, Header: HarmonyControls } };
