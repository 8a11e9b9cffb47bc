import { updateSettings, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/** Loop start at the playhead; an end before it moves to the clip's end. A preference: no undo step. */
export const loopInAction: StudioAction = {
  id: 'loop-in', label: 'Loop start (in) at the playhead', keys: ['I'],
  perform: () => {
    const { playback, project } = useStudio.getState();
    const end = project.settings.loop?.end ?? project.duration;
    const start = playback.time;
    updateSettings({ loop: { start, end: end > start ? end : project.duration } });
  },
};
