import { setTool } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

export const selectToolAction: StudioAction = {
  id: 'tool-select', label: 'Select tool: click or box-select, drag to move', keys: ['V'], perform: () => setTool('select'),
};
export const drawToolAction: StudioAction = {
  id: 'tool-draw', label: 'Draw tool: drag to draw curves, notes and beats', keys: ['D'], perform: () => setTool('draw'),
};
export const freeToolAction: StudioAction = {
  id: 'tool-free', label: 'Free tool: drag to leave a span to the model (Alt-drag clears)', keys: ['F'], perform: () => setTool('free'),
};
