import { setPanel, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/** Show or hide how the current take followed each lane (the adherence view). Not an edit: no undo step. */
export const adherenceAction: StudioAction = {
  id: 'adherence', label: 'Show or hide how the current take followed your lanes (asked vs heard, per lane)', keys: ['Shift+A'],
  perform: () => setPanel(useStudio.getState().panel === 'adherence' ? null : 'adherence'),
};
