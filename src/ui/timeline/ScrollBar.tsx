/** A horizontal scroll bar for the timeline: the thumb is the visible part of the clip. */
import { useRef, type PointerEvent } from 'react';
import { clampView } from '../../engine/timeline/view.ts';
import { setView, useStudio } from '../store/studio.ts';

export function ScrollBar({ offset }: { offset: number }) {
  const view = useStudio((s) => s.view);
  const width = useStudio((s) => s.viewWidth);
  const duration = useStudio((s) => s.project.duration);
  const drag = useRef<{ x0: number; start0: number } | null>(null);
  const visible = width / view.pxPerSec;
  if (duration <= 0 || visible >= duration - 1e-6) return <div className="scrollbar empty" style={{ marginLeft: offset }} />;
  const thumbW = Math.max(24, (visible / duration) * width);
  const thumbX = (view.start / Math.max(1e-9, duration - visible)) * (width - thumbW);
  const secPerPx = (duration - visible) / Math.max(1, width - thumbW);
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x0: e.clientX, start0: view.start };
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    setView(clampView({ ...view, start: d.start0 + (e.clientX - d.x0) * secPerPx }, duration, width));
  };
  return (
    <div className="scrollbar" style={{ marginLeft: offset, width }} data-testid="scrollbar">
      <div className="thumb" style={{ left: thumbX, width: thumbW }}
        onPointerDown={onDown} onPointerMove={onMove} onPointerUp={() => (drag.current = null)} />
    </div>
  );
}
