import { spansToFill } from '../../engine/harmony/planner.ts';
import { proposalSeed, proposeChords, proposeMoodChords } from '../../engine/harmony/propose.ts';
import { setHarmonyForSpan, setHarmonyForSpans } from '../store/harmony.ts';
import { notify, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

const span = (s: { start: number; end: number }) => `${s.start.toFixed(1)}–${s.end.toFixed(1)} s`;

/**
 * Fill the harmony lane's free spans and the gaps between its chords with the planner's chords
 * (docs/harmony-planner.md): one undo step. The seed comes from the project and the spans, so the
 * same lanes propose the same chords; Undo and another free span give another proposal.
 */
export function proposeChordsNow(): void {
  const { project, cuts } = useStudio.getState();
  const { lanes, duration } = project;
  const lane = lanes.harmony;
  const spans = spansToFill(lane.chords, lane.free, duration);
  if (spans.length === 0) {
    notify('info', 'The harmony lane has no free or empty span to propose chords for: mark one free (F, then drag on the lane).');
    return;
  }
  const p = proposeChords(lane, lanes, duration, cuts.map((c) => c.t), proposalSeed(project.id, spans));
  // One store action, one undo step: from the first span's start to the last one's end the lane
  // becomes the proposal (chords kept between the spans go back in with their ids).
  const hull = { start: spans[0].start, end: spans[spans.length - 1].end };
  setHarmonyForSpan(hull, p.lane.chords.filter((c) => c.end > hull.start && c.start < hull.end), p.lane.key);
  // The store refuses (with its own message) an edit past the project limits: report what landed.
  if (useStudio.getState().project.lanes.harmony !== lane) {
    notify('info', `Proposed ${p.added} chord${p.added === 1 ? '' : 's'} in ${p.lane.key} for ${spans.map(span).join(', ')}.`);
  }
}

export const proposeChordsAction: StudioAction = {
  id: 'propose-chords', label: 'Propose chords for the harmony lane’s free and empty spans (one undo step)', keys: ['P'],
  perform: proposeChordsNow,
  enabled: () => useStudio.getState().project.duration > 0,
};

/**
 * "Chords from the mood" (the Generate panel's setting, on by default): before a take is written,
 * the harmony lane's open spans where the valence lane is drawn get the planner's chords, as one
 * undo step, so the mood drawn is heard as a mode and chord colours (docs/harmony-planner.md
 * "Mood"). Nothing changes where the person wrote chords or drew no valence. Returns the chords
 * added (0: nothing to plan).
 */
export function planMoodChords(): number {
  const { project, cuts } = useStudio.getState();
  const { lanes, duration } = project;
  const lane = lanes.harmony;
  const p = proposeMoodChords(lane, lanes, duration, cuts.map((c) => c.t), project.id);
  const { spans } = p;
  if (spans.length === 0) return 0;
  setHarmonyForSpans(spans, p.lane.chords, p.lane.key);
  if (useStudio.getState().project.lanes.harmony === lane) return 0; // refused by the store (it said why)
  notify('info', `Chords from the mood: ${p.added} chord${p.added === 1 ? '' : 's'} in ${p.lane.key} for ${spans.map(span).join(', ')}, where the valence lane is drawn and the harmony lane was open. Undo takes them back; turn off “Chords from the mood” in Generate to leave such spans to the model.`);
  return p.added;
}
