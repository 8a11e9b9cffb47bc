/** Every studio action, in the order the help overlay lists them. */
import { deleteSelectionAction } from './deleteSelection.ts';
import { openProjectAction, saveProjectAction } from './projectFile.ts';
import { redoAction } from './redo.ts';
import { referenceTrackAction } from './referenceTrack.ts';
import { drawToolAction, freeToolAction, selectToolAction } from './tools.ts';
import { escapeAction, helpAction, loopAction, metronomeAction, snapAction } from './toggles.ts';
import type { StudioAction } from './types.ts';
import { undoAction } from './undo.ts';
import { zoomFitAction, zoomInAction, zoomOutAction } from './zoom.ts';

export const ACTIONS: StudioAction[] = [
  undoAction, redoAction, deleteSelectionAction,
  selectToolAction, drawToolAction, freeToolAction, snapAction,
  zoomInAction, zoomOutAction, zoomFitAction,
  metronomeAction, loopAction,
  saveProjectAction, openProjectAction, referenceTrackAction,
  helpAction, escapeAction,
];

/** Mouse gestures, listed in help beside the shortcuts. */
export const GESTURES: readonly [string, string][] = [
  ['Drag on a curve lane (Draw)', 'freehand-draw the curve'],
  ['Drag a point', 'move it (Shift: no snapping)'],
  ['Double-click a point or note', 'delete it'],
  ['Drag on the melody lane (Draw)', 'add a note at that pitch'],
  ['Drag a note / its right edge', 'move it / resize it'],
  ['Click the beat strip (Draw)', 'add a beat; drag a beat to move it; double-click removes it'],
  ['Drag on any lane (Free)', 'mark a span free for the model; Alt-drag clears'],
  ['Click or drag on the ruler', 'seek'],
  ['Shift + drag on the ruler', 'mark the loop region (L turns looping on/off)'],
  ['Click the video', 'play / pause'],
  ['Ctrl + wheel', 'zoom the timeline at the mouse'],
  ['Wheel / Shift + wheel', 'scroll the timeline'],
];
