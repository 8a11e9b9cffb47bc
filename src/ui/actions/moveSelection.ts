/**
 * Arrow keys with something selected: move it (time by a frame; up/down one value step of the
 * lane: 1 % of a curve's range, a BPM, a semitone for notes and chords; Shift: ×10).
 */
import { laneSpec } from '../../engine/project/lanes.ts';
import { editLane, useStudio } from '../store/studio.ts';
import { frameSeconds } from './frames.ts';
import type { StudioAction } from './types.ts';

function move(frames: number, steps: number): void {
  const { selection, project } = useStudio.getState();
  if (!selection) return;
  const spec = laneSpec(selection.lane);
  const dt = frames * frameSeconds();
  editLane(selection.lane, (l) => spec.nudge(l, selection.items, dt, steps, project.duration) as never, true);
}

const selected = () => useStudio.getState().selection !== null;
const action = (id: string, label: string, key: string, frames: number, steps: number): StudioAction[] => [
  { id, label, keys: [key], enabled: selected, perform: () => move(frames, steps) },
  { id: `${id}-more`, label: `${label} ×10`, keys: [`Shift+${key}`], enabled: selected, perform: () => move(frames * 10, steps * 10) },
];

/** Listed before the playhead's arrows: with a selection the arrows move it, else the playhead. */
export const MOVE_SELECTION_ACTIONS: StudioAction[] = [
  ...action('move-selection-left', 'Move the selected points, notes or chords one frame earlier', 'ArrowLeft', -1, 0),
  ...action('move-selection-right', 'Move the selected points, notes or chords one frame later', 'ArrowRight', 1, 0),
  ...action('move-selection-up', 'Raise the selected points (1 % of the lane; notes and chords a semitone)', 'ArrowUp', 0, 1),
  ...action('move-selection-down', 'Lower the selected points (1 % of the lane; notes and chords a semitone)', 'ArrowDown', 0, -1),
];
