/** Arrow keys with points or notes selected: move them (time by a frame, value by 1 % of the lane; Shift: ×10). */
import { laneSpec } from '../../engine/project/lanes.ts';
import { nudgeNotes, nudgePoints } from '../../engine/project/nudge.ts';
import { editLane, useStudio } from '../store/studio.ts';
import { frameSeconds } from './frames.ts';
import type { StudioAction } from './types.ts';

function move(frames: number, steps: number): void {
  const { selection, project } = useStudio.getState();
  if (!selection) return;
  const dt = frames * frameSeconds();
  const d = project.duration;
  if (selection.lane === 'melody') {
    editLane('melody', (l) => ({ ...l, notes: nudgeNotes(l.notes, selection.notes, dt, steps, d) }), true);
  } else if (selection.lane === 'rhythm') {
    const spec = laneSpec('rhythm');
    editLane('rhythm', (l) => ({ ...l, tempo: nudgePoints(l.tempo, selection.tempoPoints, dt, steps, spec.min, spec.max, d) }), true);
  } else {
    const spec = laneSpec(selection.lane);
    const dv = ((spec.max - spec.min) / 100) * steps;
    editLane(selection.lane, (l) => ({ ...l, points: nudgePoints(l.points, selection.points, dt, dv, spec.min, spec.max, d) }), true);
  }
}

const selected = () => useStudio.getState().selection !== null;
const action = (id: string, label: string, key: string, frames: number, steps: number): StudioAction[] => [
  { id, label, keys: [key], enabled: selected, perform: () => move(frames, steps) },
  { id: `${id}-more`, label: `${label} ×10`, keys: [`Shift+${key}`], enabled: selected, perform: () => move(frames * 10, steps * 10) },
];

/** Listed before the playhead's arrows: with a selection the arrows move it, else the playhead. */
export const MOVE_SELECTION_ACTIONS: StudioAction[] = [
  ...action('move-selection-left', 'Move the selected points or notes one frame earlier', 'ArrowLeft', -1, 0),
  ...action('move-selection-right', 'Move the selected points or notes one frame later', 'ArrowRight', 1, 0),
  ...action('move-selection-up', 'Raise the selected points (1 % of the lane; notes a semitone)', 'ArrowUp', 0, 1),
  ...action('move-selection-down', 'Lower the selected points (1 % of the lane; notes a semitone)', 'ArrowDown', 0, -1),
];
