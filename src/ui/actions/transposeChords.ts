/** Transpose the selected chords a semitone (buttons in the harmony lane's header and ↑ / ↓). */
import { transposeChords } from '../../engine/harmony/blocks.ts';
import { laneFlats } from '../../engine/project/lanes/harmony.ts';
import { editLane, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

const chordsSelected = (): readonly string[] => {
  const sel = useStudio.getState().selection;
  return sel?.lane === 'harmony' ? sel.items.filter((i): i is string => typeof i === 'string') : [];
};

function transpose(semitones: number): void {
  const ids = chordsSelected();
  if (ids.length) editLane('harmony', (l) => ({ ...l, chords: transposeChords(l.chords, ids, semitones, laneFlats(l)) }), true);
}

/** Listed before the arrows that move a selection: on chords ↑ / ↓ transpose. */
export const transposeUpAction: StudioAction = {
  id: 'transpose-up', label: 'Transpose the selected chords up a semitone', keys: ['ArrowUp'],
  enabled: () => chordsSelected().length > 0, perform: () => transpose(1),
};
export const transposeDownAction: StudioAction = {
  id: 'transpose-down', label: 'Transpose the selected chords down a semitone', keys: ['ArrowDown'],
  enabled: () => chordsSelected().length > 0, perform: () => transpose(-1),
};
