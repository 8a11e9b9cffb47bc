import { moodDynamics } from '../../engine/generate/mood-dynamics.ts';
import { editLanes, notify, useStudio } from '../store/studio.ts';

/**
 * "Loudness and tempo from the mood" (the Generate panel's setting, on by default): before a take
 * is written, an empty intensity lane gets a curve from the arousal lane and an empty rhythm lane a
 * tempo map from arousal and valence (engine/generate/mood-dynamics.ts), as one undo step with a
 * notice, so the mood drawn is heard as dynamics and pace the model follows closely. A lane the
 * person drew is never changed. `before` is a notice of the same Generate to keep in front of this
 * one (the mood's chords). Returns the lanes filled.
 */
export function planMoodDynamics(before: string | null = null): readonly string[] {
  const { project } = useStudio.getState();
  const d = moodDynamics(project.lanes, project.duration);
  if (!d.filled.length) return [];
  const lanes = project.lanes;
  editLanes(() => d.lanes, true);
  if (useStudio.getState().project.lanes === lanes) return []; // refused by the store (it said why)
  const what = d.filled.map((l) => (l === 'intensity' ? 'the intensity lane from arousal' : 'a tempo map on the rhythm lane from arousal and valence')).join(' and ');
  notify('info', `${before ? `${before} ` : ''}Loudness and tempo from the mood: drew ${what}, where those lanes were empty. Undo takes them back; turn off “Loudness and tempo from the mood” in Generate to leave them to the model.`);
  return d.filled;
}
