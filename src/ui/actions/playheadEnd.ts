import { seekTo } from '../playback/clock.ts';
import { stopShuttle } from '../playback/shuttle.ts';
import { useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

export const playheadEndAction: StudioAction = {
  id: 'playhead-end', label: 'Playhead to the end', keys: ['End'],
  perform: () => { stopShuttle(); seekTo(useStudio.getState().project.duration); },
};
