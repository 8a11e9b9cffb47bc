import { deletePoints } from '../../engine/curves/curve.ts';
import { removeNotes } from '../../engine/melody/notes.ts';
import { editLane, setSelection, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

export const deleteSelectionAction: StudioAction = {
  id: 'delete', label: 'Delete selected points or notes', keys: ['Delete', 'Backspace'],
  enabled: () => useStudio.getState().selection !== null,
  perform: () => {
    const sel = useStudio.getState().selection;
    if (!sel) return;
    if (sel.lane === 'melody') editLane('melody', (l) => ({ ...l, notes: removeNotes(l.notes, sel.notes) }), true);
    else if (sel.lane === 'rhythm') editLane('rhythm', (l) => ({ ...l, tempo: deletePoints(l.tempo, sel.tempoPoints) }), true);
    else editLane(sel.lane, (l) => ({ ...l, points: deletePoints(l.points, sel.points) }), true);
    setSelection(null);
  },
};
