import { useMemo } from 'react';
import { beatTimes, snapToBeat, type Beat } from '../../engine/rhythm/beatgrid.ts';
import { useStudio } from '../store/studio.ts';

export function useBeats(): readonly Beat[] {
  const rhythm = useStudio((s) => s.project.lanes.rhythm);
  const duration = useStudio((s) => s.project.duration);
  return useMemo(() => beatTimes(rhythm, duration), [rhythm, duration]);
}

/** Snap a time to the beat grid when snapping is on and the grid has beats; Shift bypasses. */
export function useSnap(): (t: number, bypass?: boolean) => number {
  const beats = useBeats();
  const on = useStudio((s) => s.project.settings.snapToBeats);
  const pxPerSec = useStudio((s) => s.view.pxPerSec);
  return (t, bypass = false) => {
    if (!on || bypass || beats.length === 0) return t;
    const s = snapToBeat(beats, t);
    // Only snap when the beat is close on screen (12 px), so fine edits between beats stay possible.
    return Math.abs(s - t) * pxPerSec <= 12 ? s : t;
  };
}
