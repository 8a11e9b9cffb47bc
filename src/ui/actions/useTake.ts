import { useStudio } from '../store/studio.ts';
import { chooseTake } from '../takes/run-takes.ts';
import { takeAfter, useTakes } from '../takes/takes-state.ts';
import type { StudioAction } from './types.ts';

const idle = () => useStudio.getState().generation.run.kind !== 'running';

function useStep(step: number): StudioAction {
  const which = step < 0 ? 'previous' : 'next';
  return {
    id: `use-${which}-take`, keys: [step < 0 ? '[' : ']'],
    label: `Use the ${which} take in the list: it plays and Export WAV / MP4 / MIDI use it (the one left stays ready for A/B)`,
    enabled: () => idle() && takeAfter(useTakes.getState(), step) !== null,
    perform: () => {
      const id = takeAfter(useTakes.getState(), step);
      if (id) void chooseTake(id);
    },
  };
}

/** Walk the takes list with the keyboard, choosing as the row's Use button does. No undo step: choosing is not an edit. */
export const usePreviousTakeAction = useStep(-1);
export const useNextTakeAction = useStep(1);
