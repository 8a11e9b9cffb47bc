/** "Loudness and tempo from the mood" in the studio's store: before a take, one undo step, one notice. */
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/engine/project/create.ts';
import { planMoodDynamics } from '../../src/ui/actions/moodDynamics.ts';
import { loadProject, resetStudio, undoEdit, useStudio } from '../../src/ui/store/studio.ts';

function studioWithMood(arousal: { t: number; v: number }[], intensity: { t: number; v: number }[] = []) {
  resetStudio();
  const p = createProject('Mood', 12);
  loadProject({ ...p, lanes: { ...p.lanes, arousal: { kind: 'curve', points: arousal, free: [] }, intensity: { kind: 'curve', points: intensity, free: [] } } });
}

describe('planMoodDynamics', () => {
  it('draws the empty intensity and rhythm lanes from arousal, as one undo step, and says so after the chords\' notice', () => {
    studioWithMood([{ t: 0, v: -0.5 }, { t: 12, v: 0.9 }]);
    const before = useStudio.getState().project.lanes;
    expect(planMoodDynamics('Chords from the mood: 4 chords.')).toEqual(['intensity', 'rhythm']);
    const lanes = useStudio.getState().project.lanes;
    expect(lanes.intensity.points[0]).toEqual({ t: 0, v: -6 });
    expect(lanes.intensity.points[lanes.intensity.points.length - 1]).toEqual({ t: 12, v: 10.8 });
    expect(lanes.rhythm.tempo[0].v).toBeCloseTo(102.5, 6);
    expect(lanes.arousal).toBe(before.arousal);
    expect(useStudio.getState().notice?.text).toMatch(/^Chords from the mood: 4 chords\. Loudness and tempo from the mood: drew the intensity lane from arousal and a tempo map/);
    undoEdit();
    expect(useStudio.getState().project.lanes).toEqual(before);
  });

  it('keeps a drawn intensity lane, and does nothing where no mood is drawn', () => {
    studioWithMood([{ t: 0, v: 0.2 }], [{ t: 0, v: -6 }]);
    expect(planMoodDynamics()).toEqual(['rhythm']);
    expect(useStudio.getState().project.lanes.intensity.points).toEqual([{ t: 0, v: -6 }]);
    studioWithMood([]);
    const project = useStudio.getState().project;
    expect(planMoodDynamics()).toEqual([]);
    expect(useStudio.getState().project).toBe(project);
  });
});
