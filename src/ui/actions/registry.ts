/** Every studio action, in the order the help overlay lists them. */
import { adherenceAction } from './adherence.ts';
import { deleteSelectionAction } from './deleteSelection.ts';
import { exportMidiAction } from './exportMidi.ts';
import { exportMp4Action } from './exportMp4.ts';
import { exportWavAction } from './exportWav.ts';
import { generateAction } from './generate.ts';
import { hearChordsAction } from './hearChords.ts';
import { loopInAction } from './loopIn.ts';
import { loopOutAction } from './loopOut.ts';
import { MOVE_SELECTION_ACTIONS } from './moveSelection.ts';
import { playheadBackAction, playheadBackSecondAction } from './playheadBack.ts';
import { playheadEndAction } from './playheadEnd.ts';
import { playheadForwardAction, playheadForwardSecondAction } from './playheadForward.ts';
import { playheadStartAction } from './playheadStart.ts';
import { shuttleBackwardAction } from './shuttleBackward.ts';
import { shuttleForwardAction } from './shuttleForward.ts';
import { shuttleStopAction } from './shuttleStop.ts';
import { openProjectAction, saveProjectAction } from './projectFile.ts';
import { proposeChordsAction } from './proposeChords.ts';
import { redoAction } from './redo.ts';
import { regenerateSectionAction } from './regenerateSection.ts';
import { abTakeAction } from './abTake.ts';
import { deleteTakeAction, renameTakeAction, showTakesAction, starTakeAction } from './takes.ts';
import { useNextTakeAction, usePreviousTakeAction } from './useTake.ts';
import { referenceTrackAction } from './referenceTrack.ts';
import { drawToolAction, freeToolAction, selectToolAction } from './tools.ts';
import { transposeDownAction, transposeUpAction } from './transposeChords.ts';
import { escapeAction, helpAction, loopAction, metronomeAction, snapAction } from './toggles.ts';
import type { StudioAction } from './types.ts';
import { undoAction } from './undo.ts';
import { videoAnalysisAction } from './videoAnalysis.ts';
import { zoomFitAction, zoomInAction, zoomOutAction } from './zoom.ts';

export const ACTIONS: StudioAction[] = [
  undoAction, redoAction, deleteSelectionAction, transposeUpAction, transposeDownAction, ...MOVE_SELECTION_ACTIONS,
  playheadBackAction, playheadForwardAction, playheadBackSecondAction, playheadForwardSecondAction,
  playheadStartAction, playheadEndAction, shuttleBackwardAction, shuttleStopAction, shuttleForwardAction,
  loopInAction, loopOutAction,
  selectToolAction, drawToolAction, freeToolAction, snapAction,
  zoomInAction, zoomOutAction, zoomFitAction,
  metronomeAction, hearChordsAction, proposeChordsAction, loopAction, generateAction, showTakesAction, starTakeAction,
  abTakeAction, usePreviousTakeAction, useNextTakeAction, renameTakeAction, deleteTakeAction, regenerateSectionAction,
  saveProjectAction, openProjectAction, exportWavAction, exportMp4Action, exportMidiAction, referenceTrackAction, videoAnalysisAction,
  adherenceAction, helpAction, escapeAction,
];

/** Mouse gestures, listed in help beside the shortcuts. */
export const GESTURES: readonly [string, string][] = [
  ['Drag on a curve lane (Draw)', 'freehand-draw the curve'],
  ['Drag a point', 'move it (Shift: no snapping)'],
  ['Double-click a point, note or chord', 'delete it'],
  ['Drag on the melody lane (Draw)', 'add a note at that pitch'],
  ['Drag a note / its right edge', 'move it / resize it'],
  ['Click the beat strip (Draw)', 'add a beat; drag a beat to move it; double-click removes it'],
  ['Type a chord in the harmony header (Am, F#, Bbm) + Enter', 'add it at the playhead, to the next bar line; with chords selected, relabel them'],
  ['Click a chord of the key\'s palette', 'the same as typing it'],
  ['Drag on the harmony lane (Draw)', 'add a chord; drag a chord / its edges to move / resize it (snaps to beats and bars)'],
  ['Drag on any lane (Free)', 'mark a span free for the model; Alt-drag clears'],
  ['Click or drag on the ruler', 'seek'],
  ['Shift + drag on the ruler', 'mark the loop region (I / O at the playhead too; Shift+L turns looping on/off)'],
  ['Tab to a lane, then to a point or note', 'select it (visible focus ring); arrows move it, Delete removes it'],
  ['Click the video', 'play / pause'],
  ['Ctrl + wheel', 'zoom the timeline at the mouse'],
  ['Wheel / Shift + wheel', 'scroll the timeline'],
];
