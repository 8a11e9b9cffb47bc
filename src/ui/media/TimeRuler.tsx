import { useEffect, useRef } from 'react';
import { activeLoop } from '../../engine/playback/sync.ts';
import { formatTime, rulerStep, timeToX, xToTime } from '../../engine/timeline/view.ts';
import { seekTo } from '../playback/clock.ts';
import { updateSettings, useStudio } from '../store/studio.ts';
import { fitCanvas } from './useWidth.ts';

const HEIGHT = 24;

/**
 * The time ruler: click or drag to move the playhead (scrub); Shift+drag marks the loop region
 * and turns looping on. The loop region is shaded (dimmer when looping is off).
 */
export function TimeRuler({ width }: { width: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useStudio((s) => s.view);
  const duration = useStudio((s) => s.project.duration);
  const settings = useStudio((s) => s.project.settings);

  useEffect(() => {
    if (!canvas.current || width <= 0) return;
    const ctx = fitCanvas(canvas.current, width, HEIGHT);
    ctx.clearRect(0, 0, width, HEIGHT);
    if (settings.loop) {
      const x0 = timeToX(view, Math.min(settings.loop.start, settings.loop.end));
      const x1 = timeToX(view, Math.max(settings.loop.start, settings.loop.end));
      ctx.fillStyle = activeLoop(settings, duration) ? 'rgba(80,160,255,0.45)' : 'rgba(128,128,128,0.25)';
      ctx.fillRect(x0, 0, x1 - x0, HEIGHT);
    }
    const step = rulerStep(view.pxPerSec);
    ctx.fillStyle = '#999';
    ctx.strokeStyle = '#666';
    ctx.font = '10px system-ui, sans-serif';
    ctx.beginPath();
    const first = Math.max(0, Math.floor(view.start / step) * step);
    for (let t = first; t <= duration + 1e-9; t += step) {
      const x = Math.round(timeToX(view, t)) + 0.5;
      if (x > width) break;
      ctx.moveTo(x, HEIGHT - 8);
      ctx.lineTo(x, HEIGHT);
      ctx.fillText(formatTime(t, step), x + 3, 11);
    }
    ctx.stroke();
  }, [width, view, duration, settings]);

  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const left = el.getBoundingClientRect().left;
    const at = (ev: { clientX: number }) => Math.max(0, Math.min(duration, xToTime(useStudio.getState().view, ev.clientX - left)));
    const t0 = at(e);
    const marking = e.shiftKey;
    if (!marking) seekTo(t0);
    const move = (ev: PointerEvent) => {
      if (marking) updateSettings({ loop: { start: Math.min(t0, at(ev)), end: Math.max(t0, at(ev)) }, loopEnabled: true });
      else seekTo(at(ev));
    };
    const up = () => { el.removeEventListener('pointermove', move); el.removeEventListener('pointerup', up); };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };

  return (
    <canvas
      ref={canvas}
      className="time-ruler"
      data-testid="time-ruler"
      title="Click or drag to move the playhead · Shift+drag to mark a loop"
      onPointerDown={onPointerDown}
    />
  );
}
