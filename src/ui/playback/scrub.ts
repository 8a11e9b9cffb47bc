/**
 * Seeking from the time ruler: press to move the playhead there, drag to scrub; Shift+drag marks
 * the loop region instead (and turns looping on). Shared by any ruler-like strip: pass its
 * pointerdown event.
 */
import { xToTime } from '../../engine/timeline/view.ts';
import { updateSettings, useStudio } from '../store/studio.ts';
import { seekTo } from './clock.ts';

export function scrubFromRuler(e: React.PointerEvent<Element>): void {
  if (e.button !== 0) return;
  const el = e.currentTarget;
  el.setPointerCapture(e.pointerId);
  const left = el.getBoundingClientRect().left;
  const at = (ev: { clientX: number }) => {
    const s = useStudio.getState();
    return Math.max(0, Math.min(s.project.duration, xToTime(s.view, ev.clientX - left)));
  };
  const t0 = at(e);
  const marking = e.shiftKey;
  if (!marking) seekTo(t0);
  const move = (ev: Event) => {
    const t = at(ev as PointerEvent);
    if (marking) updateSettings({ loop: { start: Math.min(t0, t), end: Math.max(t0, t) }, loopEnabled: true });
    else seekTo(t);
  };
  const up = () => {
    el.removeEventListener('pointermove', move);
    el.removeEventListener('pointerup', up);
  };
  el.addEventListener('pointermove', move);
  el.addEventListener('pointerup', up);
}
