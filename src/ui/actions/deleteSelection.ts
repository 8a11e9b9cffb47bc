import { laneSpec } from '../../engine/project/lanes.ts';
import { editLane, setSelection, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/** Delete removes what is selected on a lane; the lane's spec knows what its items are. */
export const deleteSelectionAction: StudioAction = {
  id: 'delete', label: 'Delete selected points, notes or chords', keys: ['Delete', 'Backspace'],
  enabled: () => useStudio.getState().selection !== null,
  perform: () => {
    const sel = useStudio.getState().selection;
    if (!sel) return;
    const spec = laneSpec(sel.lane);
    editLane(sel.lane, (l) => spec.remove(l, sel.items) as never, true);
    setSelection(null);
  },
};
