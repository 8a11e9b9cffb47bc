import { setPanel, useStudio } from '../store/studio.ts';
import { deleteTake } from '../takes/run-takes.ts';
import { startRename, toggleStar, useTakes } from '../takes/takes-state.ts';
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

/** Rename the current take: shows the takes and puts the cursor in its name (Enter keeps it, Escape too). */
export const renameTakeAction: StudioAction = {
  id: 'rename-take', label: 'Rename the current take', keys: ['Shift+R'],
  enabled: () => useTakes.getState().current !== null,
  perform: () => {
    const id = useTakes.getState().current;
    if (!id) return;
    setPanel('generate');
    startRename(id);
  },
};

/** Delete the current take; the notice's Undo brings it back with its audio. */
export const deleteTakeAction: StudioAction = {
  id: 'delete-take', label: 'Delete the current take (Undo in the notice)', keys: ['Shift+Delete'],
  enabled: () => useTakes.getState().current !== null && useStudio.getState().generation.run.kind !== 'running',
  perform: () => {
    const id = useTakes.getState().current;
    if (id) deleteTake(id);
  },
};
