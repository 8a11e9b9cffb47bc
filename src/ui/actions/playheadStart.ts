import { seekTo } from '../playback/clock.ts';
import { stopShuttle } from '../playback/shuttle.ts';
import type { StudioAction } from './types.ts';

export const playheadStartAction: StudioAction = {
  id: 'playhead-start', label: 'Playhead to the start', keys: ['Home'], perform: () => { stopShuttle(); seekTo(0); },
};
