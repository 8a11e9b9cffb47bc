/** "Propose chords" through the studio's store, and the harmony proposal through the lane registry. */
import { describe, expect, it } from 'vitest';
import { harmonyFromPicture } from '../../src/engine/harmony/propose.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { laneSpec } from '../../src/engine/project/lanes.ts';
import { harmonyLane } from '../../src/engine/project/lanes/harmony.ts';
import { analyzeFrames } from '../../src/engine/video/analyzer.ts';
import { proposeCurves } from '../../src/engine/video/proposals.ts';
import { planMoodChords, proposeChordsAction, proposeChordsNow } from '../../src/ui/actions/proposeChords.ts';
import { ACTIONS } from '../../src/ui/actions/registry.ts';
import { loadProject, resetStudio, setCuts, undoEdit, useStudio } from '../../src/ui/store/studio.ts';
import { drawnClip } from '../video/clips.ts';

function studioWith(chords: { id: string; start: number; end: number; label: string }[], free: { start: number; end: number }[]) {
  resetStudio();
  const p = createProject('Propose', 16);
  loadProject({
    ...p,
    lanes: {
      ...p.lanes,
      rhythm: { ...p.lanes.rhythm, tempo: [{ t: 0, v: 120 }], beatsPerBar: 4, phase: 0 },
      valence: { kind: 'curve', points: [{ t: 0, v: 0.6 }], free: [] },
      harmony: { kind: 'harmony', key: 'F major', chords, free },
    },
  });
}

describe('Propose chords (store)', () => {
  it('fills the free span and the empty tail in one undo step; the chords before stay', () => {
    const mine = [{ id: 'c1', start: 0, end: 2, label: 'F' }, { id: 'c2', start: 2, end: 8, label: 'Bb' }];
    studioWith(mine, [{ start: 4, end: 6 }]);
    setCuts([{ t: 12.5, frame: 125, kind: 'hard', strength: 0.6 }]);
    const before = useStudio.getState().project.lanes.harmony;
    proposeChordsNow();
    const lane = useStudio.getState().project.lanes.harmony;
    expect(lane.key).toBe('F major'); // kept: the person's chords are in F
    expect(lane.free).toEqual([]);
    expect(lane.chords.slice(0, 2)).toEqual([{ id: 'c1', start: 0, end: 2, label: 'F' }, { id: 'c2', start: 2, end: 4, label: 'Bb' }]);
    expect(lane.chords.find((c) => c.start === 6)).toMatchObject({ id: 'c2b', end: 8, label: 'Bb' });
    const proposed = lane.chords.filter((c) => (c.start >= 4 && c.end <= 6) || c.start >= 8);
    expect(proposed.map((c) => c.start)).toEqual(expect.arrayContaining([4, 8, 12.5]));
    expect(lane.chords[lane.chords.length - 1].end).toBe(16);
    expect(useStudio.getState().notice?.text).toMatch(/^Proposed \d+ chords in F major for 4\.0–6\.0 s, 8\.0–16\.0 s\.$/);
    undoEdit();
    expect(useStudio.getState().project.lanes.harmony).toEqual(before);
  });

  it('says so when nothing is left open, and changes nothing', () => {
    studioWith([{ id: 'c1', start: 0, end: 16, label: 'C' }], []);
    const before = useStudio.getState().project;
    proposeChordsNow();
    expect(useStudio.getState().project).toBe(before);
    expect(useStudio.getState().notice?.text).toMatch(/no free or empty span/);
  });

  it('is in the action registry with its shortcut (so help lists it)', () => {
    expect(ACTIONS).toContain(proposeChordsAction);
    expect(proposeChordsAction.keys).toEqual(['P']);
    expect(ACTIONS.filter((a) => a.keys.includes('P'))).toHaveLength(1);
  });
});

describe('Chords from the mood (store, before a take)', () => {
  const withValence = (valence: { t: number; v: number }[], valenceFree: { start: number; end: number }[],
    chords: { id: string; start: number; end: number; label: string }[], free: { start: number; end: number }[]) => {
    studioWith(chords, free);
    const p = useStudio.getState().project;
    loadProject({ ...p, lanes: { ...p.lanes, valence: { kind: 'curve', points: valence, free: valenceFree } } });
  };

  it('plans the open spans where valence is drawn, in one undo step; a sad-to-happy curve turns minor to major', () => {
    // valence drawn over 0-12 s only (free after), falling from happy to sad; the lane keeps C at 12-16 s
    withValence([{ t: 0, v: 0.8 }, { t: 12, v: -0.8 }], [{ start: 12, end: 16 }], [{ id: 'mine', start: 12, end: 16, label: 'C' }], []);
    const before = useStudio.getState().project.lanes.harmony;
    const added = planMoodChords();
    const lane = useStudio.getState().project.lanes.harmony;
    expect(added).toBeGreaterThan(2);
    expect(lane.chords[lane.chords.length - 1]).toEqual({ id: 'mine', start: 12, end: 16, label: 'C' });
    const planned = lane.chords.filter((c) => c.end <= 12);
    expect(planned[0].start).toBe(0);
    expect(planned[planned.length - 1].end).toBe(12);
    // the happy start is major, the sad end minor
    expect(planned[0].label).not.toMatch(/m(?!aj)/);
    expect(planned[planned.length - 1].label).toMatch(/m(?!aj)|dim/);
    expect(useStudio.getState().notice?.text).toMatch(/^Chords from the mood: \d+ chords in .+ for 0\.0–12\.0 s/);
    undoEdit();
    expect(useStudio.getState().project.lanes.harmony).toEqual(before);
  });

  it('leaves a free harmony span alone where valence is not drawn, and does nothing without valence', () => {
    withValence([{ t: 0, v: 0.5 }, { t: 16, v: 0.9 }], [{ start: 8, end: 16 }], [], [{ start: 0, end: 16 }]);
    planMoodChords();
    const lane = useStudio.getState().project.lanes.harmony;
    expect(lane.free).toEqual([{ start: 8, end: 16 }]);
    expect(lane.chords.every((c) => c.end <= 8)).toBe(true);

    withValence([], [], [], [{ start: 0, end: 16 }]);
    const project = useStudio.getState().project;
    expect(planMoodChords()).toBe(0);
    expect(useStudio.getState().project).toBe(project);
  });
});

describe('harmony from the picture, through the registry', () => {
  it('the harmony spec proposes the planner\'s lane for a clip, and the lane reads back as valid', async () => {
    const { frames } = drawnClip([24, 18, 30], new Set());
    const a = await analyzeFrames(frames);
    const p = proposeCurves(a);
    const proposal = laneSpec('harmony').fromPicture!(p, a.duration)!;
    expect(proposal).toEqual(harmonyFromPicture(p, a.duration));
    expect(proposal.summary).toMatch(/a change on 2 of 2 cuts$/);
    expect(harmonyLane.parse(JSON.parse(JSON.stringify(proposal.lane)), 'lanes.harmony', a.duration)).toEqual(proposal.lane);
  });
});
