/**
 * A chord typed in the harmony lane's header (or picked from its key's palette). With chords
 * selected it relabels them; otherwise it fills the slot at the playhead — from the nearest beat
 * to the next bar line when Snap is on, else 2 s — and (when stopped) moves the playhead to its
 * end, so typing Am, F, C, G lays down a progression. One undo step each; text that is not a
 * chord is refused with a message that says why.
 */
import { chordSlot, placeChord, relabelChords } from '../../engine/harmony/blocks.ts';
import { normaliseLabel } from '../../engine/harmony/symbols.ts';
import { newId } from '../../engine/project/create.ts';
import { laneFlats } from '../../engine/project/lanes/harmony.ts';
import { beatTimes } from '../../engine/rhythm/beatgrid.ts';
import { seekTo } from '../playback/clock.ts';
import { clearErrorNotice, editLane, notify, useStudio } from '../store/studio.ts';

/** True when the chord was added or the selection relabelled. */
export function addChord(text: string): boolean {
  const { project, selection, playback } = useStudio.getState();
  const lane = project.lanes.harmony;
  let label: string;
  try {
    label = normaliseLabel(text, laneFlats(lane));
  } catch (e) {
    notify('error', (e as Error).message);
    return false;
  }
  clearErrorNotice();
  if (selection?.lane === 'harmony' && selection.items.length > 0) {
    const ids = selection.items.filter((i): i is string => typeof i === 'string');
    editLane('harmony', (l) => ({ ...l, chords: relabelChords(l.chords, ids, label) }), true);
    return true;
  }
  const beats = beatTimes(project.lanes.rhythm, project.duration);
  const slot = chordSlot(beats, playback.time, project.duration, project.settings.snapToBeats);
  if (!slot) {
    notify('error', 'No room for a chord at the end of the clip: move the playhead back.');
    return false;
  }
  editLane('harmony', (l) => ({ ...l, chords: placeChord(l.chords, { id: newId('c'), ...slot, label }) }), true);
  // Stopped, the playhead steps on to the next slot; playing, it goes on by itself.
  if (!playback.playing) seekTo(slot.end);
  return true;
}
