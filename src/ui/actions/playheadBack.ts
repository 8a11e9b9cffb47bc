import { seekTo } from '../playback/clock.ts';
import { stopShuttle } from '../playback/shuttle.ts';
import { useStudio } from '../store/studio.ts';
import { frameSeconds } from './frames.ts';
import type { StudioAction } from './types.ts';

const back = (s: number) => () => { stopShuttle(); seekTo(useStudio.getState().playback.time - s); };

export const playheadBackAction: StudioAction = {
  id: 'playhead-back', label: 'Playhead back one frame (with nothing selected)', keys: ['ArrowLeft'], perform: () => back(frameSeconds())(),
};
export const playheadBackSecondAction: StudioAction = {
  id: 'playhead-back-second', label: 'Playhead back one second', keys: ['Shift+ArrowLeft'], perform: back(1),
};
