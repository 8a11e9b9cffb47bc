/** "Propose chords" through the studio's store, and the harmony proposal through the lane registry. */
import { describe, expect, it } from 'vitest';
import { harmonyFromPicture } from '../../src/engine/harmony/propose.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { laneSpec } from '../../src/engine/project/lanes.ts';
import { harmonyLane } from '../../src/engine/project/lanes/harmony.ts';
import { analyzeFrames } from '../../src/engine/video/analyzer.ts';
import { proposeCurves } from '../../src/engine/video/proposals.ts';
import { proposeChordsAction, proposeChordsNow } from '../../src/ui/actions/proposeChords.ts';
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
