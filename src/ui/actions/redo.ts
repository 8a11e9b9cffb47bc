import { canRedo, redoEdit, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

export const redoAction: StudioAction = {
  id: 'redo', label: 'Redo', keys: ['Mod+Shift+Z', 'Mod+Y'],
  perform: redoEdit,
  enabled: () => canRedo(useStudio.getState()),
};
