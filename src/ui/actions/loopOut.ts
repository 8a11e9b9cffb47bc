import { updateSettings, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/** Loop end at the playhead; a start after it moves to 0. A preference: no undo step. */
export const loopOutAction: StudioAction = {
  id: 'loop-out', label: 'Loop end (out) at the playhead', keys: ['O'],
  perform: () => {
    const { playback, project } = useStudio.getState();
    const start = project.settings.loop?.start ?? 0;
    const end = playback.time;
    updateSettings({ loop: { start: start < end ? start : 0, end } });
  },
};
