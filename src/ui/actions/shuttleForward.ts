import { shuttleForward } from '../playback/shuttle.ts';
import type { StudioAction } from './types.ts';

export const shuttleForwardAction: StudioAction = { id: 'shuttle-forward', label: 'Play forward', keys: ['L'], perform: shuttleForward };
