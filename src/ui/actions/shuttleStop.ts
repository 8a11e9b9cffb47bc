import { shuttleStop } from '../playback/shuttle.ts';
import type { StudioAction } from './types.ts';

export const shuttleStopAction: StudioAction = { id: 'shuttle-stop', label: 'Stop', keys: ['K'], perform: shuttleStop };
