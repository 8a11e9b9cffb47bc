import { shuttleBackward } from '../playback/shuttle.ts';
import type { StudioAction } from './types.ts';

export const shuttleBackwardAction: StudioAction = {
  id: 'shuttle-backward', label: 'Play backward (picture only, no sound)', keys: ['J'], perform: shuttleBackward,
};
