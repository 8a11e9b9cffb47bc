import { canUndo, undoEdit, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

export const undoAction: StudioAction = {
  id: 'undo', label: 'Undo', keys: ['Mod+Z'],
  perform: undoEdit,
  enabled: () => canUndo(useStudio.getState()),
};
