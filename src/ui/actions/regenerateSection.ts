import { cancelGeneration, isGenerating } from '../generate/run-generation.ts';
import { regenerateSection } from '../generate/run-section.ts';
import { setPanel } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/**
 * Regenerate the loop region of the take in use (generate/run-section.ts): a new take, the rest of
 * the take kept and the joins crossfaded; again while writing: cancel, the take unchanged. When it
 * cannot run (no take, no loop region) it says why. Not an edit of the lanes: no undo step.
 */
export const regenerateSectionAction: StudioAction = {
  id: 'regenerate-section',
  label: 'Regenerate the loop region (I / O) of the take in use, the rest kept, joins crossfaded: a new take (again while writing: cancel)',
  keys: ['Shift+G'],
  perform: () => {
    if (isGenerating()) return cancelGeneration();
    setPanel('generate');
    void regenerateSection();
  },
};
