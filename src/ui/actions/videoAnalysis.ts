import { setPanel, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

export const videoAnalysisAction: StudioAction = {
  id: 'video-analysis', label: 'From the picture: shot cuts and curves proposed from the video', keys: ['A'],
  perform: () => setPanel(useStudio.getState().panel === 'analysis' ? null : 'analysis'),
};
