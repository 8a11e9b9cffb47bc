import { cancelGeneration, isGenerating, startGeneration } from '../generate/run-generation.ts';
import { setPanel, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/**
 * Generate: writes a take over the whole clip from the lanes as they are now (the Generate panel
 * shows settings and progress); pressed again while writing, it cancels and keeps what was
 * written. Not an edit of the lanes: no undo step.
 */
export const generateAction: StudioAction = {
  id: 'generate', label: 'Generate music for the clip (again while writing: cancel, keeping what was written)', keys: ['G'],
  enabled: () => {
    const p = useStudio.getState().generation.pack.kind;
    return isGenerating() || (p !== 'none' && p !== 'unknown');
  },
  perform: () => {
    if (isGenerating()) return cancelGeneration();
    setPanel('generate');
    void startGeneration();
  },
};
