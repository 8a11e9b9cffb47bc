import { useStudio } from '../store/studio.ts';
import { chooseTake } from '../takes/run-takes.ts';
import { abPartner, useTakes } from '../takes/takes-state.ts';
import type { StudioAction } from './types.ts';

/**
 * A/B: hear the other of the last two takes heard, at the same position, without a gap (both run
 * on the clock, playback/take.ts); pressed again, back. Exports follow what is heard. Not while a
 * take is being written (its chunks go to the take heard). Not a lane edit: no undo step.
 */
export const abTakeAction: StudioAction = {
  id: 'ab-take', label: 'A/B: switch to the take heard before, at the same position, without a gap (again: back)', keys: ['B'],
  enabled: () => abPartner(useTakes.getState()) !== null && useStudio.getState().generation.run.kind !== 'running',
  perform: () => {
    const id = abPartner(useTakes.getState());
    if (id) void chooseTake(id);
  },
};
