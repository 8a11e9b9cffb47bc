import { seekTo } from '../playback/clock.ts';
import { stopShuttle } from '../playback/shuttle.ts';
import { useStudio } from '../store/studio.ts';
import { frameSeconds } from './frames.ts';
import type { StudioAction } from './types.ts';

const forward = (s: number) => () => { stopShuttle(); seekTo(useStudio.getState().playback.time + s); };

export const playheadForwardAction: StudioAction = {
  id: 'playhead-forward', label: 'Playhead forward one frame (with nothing selected)', keys: ['ArrowRight'], perform: () => forward(frameSeconds())(),
};
export const playheadForwardSecondAction: StudioAction = {
  id: 'playhead-forward-second', label: 'Playhead forward one second', keys: ['Shift+ArrowRight'], perform: forward(1),
};
