import { setPanel, useStudio } from '../store/studio.ts';
import { toggleStar, useTakes } from '../takes/takes-state.ts';
import type { StudioAction } from './types.ts';

/** Show or hide the takes (they live in the Generate panel) without generating. No undo step. */
export const showTakesAction: StudioAction = {
  id: 'show-takes', label: 'Show or hide the takes (the Generate panel, without generating)', keys: ['T'],
  perform: () => setPanel(useStudio.getState().panel === 'generate' ? null : 'generate'),
};

/** Star or unstar the take being heard: a keeper. Not a lane edit: no undo step (press again). */
export const starTakeAction: StudioAction = {
  id: 'star-take', label: 'Star or unstar the current take', keys: ['Shift+S'],
  enabled: () => useTakes.getState().current !== null,
  perform: () => {
    const id = useTakes.getState().current;
    if (id) toggleStar(id);
  },
};
