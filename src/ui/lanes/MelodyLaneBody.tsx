/** The melody lane: a 12-pitch-class piano roll, one note at a time. */
import { useRef, type PointerEvent } from 'react';
import { newId } from '../../engine/project/create.ts';
import { PITCH_NAMES } from '../../engine/project/lanes.ts';
import { MIN_NOTE, placeNote, removeNotes } from '../../engine/melody/notes.ts';
import type { Note } from '../../engine/project/types.ts';
import { editLane, setSelection, useStudio } from '../store/studio.ts';
import { FreeSpans, HatchDef } from './FreeSpans.tsx';
import { clampTime, hitAt, localPoint, tToX, xToT, type LaneBox } from './geometry.ts';
import { useSnap } from './useBeats.ts';
import { useFreeDrag } from './useFreeDrag.ts';
import type { LaneBodyProps, LaneViews } from './views.ts';

type Drag =
  | { kind: 'create'; original: readonly Note[]; note: Note }
  | { kind: 'move'; original: readonly Note[]; note: Note; dt0: number; moved: boolean }
  | { kind: 'resize'; original: readonly Note[]; note: Note; moved: boolean };

const EDGE_PX = 6;

export function MelodyLaneBody({ height, width }: LaneBodyProps) {
  const lane = useStudio((s) => s.project.lanes.melody);
  const view = useStudio((s) => s.view);
  const tool = useStudio((s) => s.tool);
  const duration = useStudio((s) => s.project.duration);
  const selection = useStudio((s) => s.selection);
  const box: LaneBox = { view, width, height, min: 0, max: 11 };
  const row = height / 12;
  const snap = useSnap();
  const free = useFreeDrag('melody', duration);
  const drag = useRef<Drag | null>(null);
  const selected = new Set(selection?.lane === 'melody' ? selection.items as string[] : []);
  const clampT = (t: number) => clampTime(t, duration);

  const at = (e: PointerEvent<SVGSVGElement>) => {
    const p = localPoint(e, e.currentTarget);
    return { x: p.x, t: clampT(xToT(box, p.x)), pitch: Math.max(0, Math.min(11, 11 - Math.floor(p.y / row))) };
  };
  const commit = (original: readonly Note[], note: Note, capture: boolean) =>
    editLane('melody', (l) => ({ ...l, notes: placeNote(original, note) }), capture);

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const { x, t, pitch } = at(e);
    if (tool === 'free') return free.begin(t, e.altKey);
    const id = (e.target as Element).getAttribute('data-note');
    const note = id ? lane.notes.find((n) => n.id === id) : undefined;
    if (note) {
      setSelection({ lane: 'melody', items: e.shiftKey ? [...selected, note.id] : [note.id] });
      const others = lane.notes.filter((n) => n.id !== note.id);
      const nearEnd = tToX(box, note.end) - x <= EDGE_PX;
      drag.current = nearEnd
        ? { kind: 'resize', original: others, note, moved: false }
        : { kind: 'move', original: others, note, dt0: t - note.start, moved: false };
      return;
    }
    if (tool !== 'draw') {
      setSelection(null);
      return;
    }
    const start = snap(t, e.shiftKey);
    const created: Note = { id: newId('n'), start, end: Math.min(duration, start + Math.max(MIN_NOTE, 0.25)), pitch };
    drag.current = { kind: 'create', original: lane.notes, note: created };
    commit(lane.notes, created, true);
    setSelection({ lane: 'melody', items: [created.id] });
  };

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const { t, pitch } = at(e);
    if (tool === 'free') return free.move(t);
    const d = drag.current;
    if (!d) return;
    if (d.kind === 'create' || d.kind === 'resize') {
      const end = Math.max(d.note.start + MIN_NOTE, snap(t, e.shiftKey));
      const capture = d.kind === 'resize' && !d.moved;
      if (d.kind === 'resize') d.moved = true;
      commit(d.original, { ...d.note, end }, capture);
    } else {
      const len = d.note.end - d.note.start;
      const start = Math.max(0, Math.min(duration - len, snap(t - d.dt0, e.shiftKey)));
      commit(d.original, { ...d.note, start, end: start + len, pitch }, !d.moved);
      d.moved = true;
    }
  };

  const onPointerUp = () => {
    if (tool === 'free') return free.end();
    drag.current = null;
  };

  const onDoubleClick = (e: React.MouseEvent<SVGSVGElement>) => {
    const id = (hitAt(e) ?? e.target as Element).getAttribute('data-note');
    if (!id) return;
    editLane('melody', (l) => ({ ...l, notes: removeNotes(l.notes, [id]) }), true);
    setSelection(null);
  };

  const endX = tToX(box, duration);
  return (
    <svg className={`lane-body melody tool-${tool}`} width={width} height={height} data-testid="lane-melody"
      tabIndex={0} role="group" aria-label="Melody lane: Tab to its notes"
      onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}
      onDoubleClick={onDoubleClick}>
      <HatchDef />
      {PITCH_NAMES.map((name, pc) => (
        <g key={name}>
          <rect className={name.includes('♯') ? 'pitch-row black' : 'pitch-row'} x={0} y={(11 - pc) * row} width={width} height={row} />
          <text className="pitch-label" x={3} y={(11 - pc) * row + row - 2}>{name}</text>
        </g>
      ))}
      {endX < width && <rect className="past-end" x={endX} y={0} width={width - endX} height={height} />}
      <FreeSpans spans={lane.free} box={box} draft={free.draft} />
      {lane.notes.map((n) => {
        const x0 = tToX(box, n.start);
        const x1 = tToX(box, n.end);
        if (x1 < 0 || x0 > width) return null;
        return (
          <rect key={n.id} data-testid="note" data-note={n.id} data-pitch={PITCH_NAMES[n.pitch]}
            className={selected.has(n.id) ? 'note selected' : 'note'}
            x={x0} y={(11 - n.pitch) * row + 1} width={Math.max(3, x1 - x0)} height={row - 2} rx={2}
            tabIndex={0} aria-label={`Note ${PITCH_NAMES[n.pitch]} ${n.start.toFixed(2)}–${n.end.toFixed(2)} s`}
            onFocus={() => { if (!selected.has(n.id)) setSelection({ lane: 'melody', items: [n.id] }); }}>
            <title>{PITCH_NAMES[n.pitch]} {n.start.toFixed(2)}–{n.end.toFixed(2)} s</title>
          </rect>
        );
      })}
    </svg>
  );
}

export const views: LaneViews = { melody: { Body: MelodyLaneBody } };
