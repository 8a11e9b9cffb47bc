import { setPanel, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

export const referenceTrackAction: StudioAction = {
  id: 'reference-track', label: 'Use a reference track: take its curves lane by lane', keys: ['R'],
  perform: () => setPanel(useStudio.getState().panel === 'reference' ? null : 'reference'),
};
