import { describe, expect, it } from 'vitest';
import { harmonyFromPicture, proposalSeed, proposeChords } from '../../src/engine/harmony/propose.ts';
import type { PlannerLanes } from '../../src/engine/harmony/planner.ts';
import { parseChord } from '../../src/engine/harmony/symbols.ts';
import { beatTimes } from '../../src/engine/rhythm/beatgrid.ts';
import { analyzeFrames } from '../../src/engine/video/analyzer.ts';
import { proposeCurves } from '../../src/engine/video/proposals.ts';
import { drawnClip } from '../video/clips.ts';

const flat = (v: number) => ({ kind: 'curve' as const, points: [{ t: 0, v }], free: [] });
const lanes: PlannerLanes = {
  rhythm: { kind: 'rhythm', tempo: [{ t: 0, v: 120 }], beatsPerBar: 4, phase: 0, moved: [], removed: [], added: [], free: [] },
  melody: { kind: 'melody', notes: [], free: [] },
  valence: flat(-0.5),
  arousal: flat(0),
};

describe('Propose chords on a harmony lane', () => {
  it('fills the free span and the empty end, keeps the chords and the key outside them, clears free', () => {
    const lane = {
      key: 'G major',
      chords: [{ id: 'a', start: 0, end: 2, label: 'G' }, { id: 'b', start: 2, end: 8, label: 'C' }],
      free: [{ start: 4, end: 6 }],
    };
    const p = proposeChords(lane, lanes, 12, [], 7);
    expect(p.spans).toEqual([{ start: 4, end: 6 }, { start: 8, end: 12 }]);
    expect(p.lane.key).toBe('G major'); // the person's chords are in G, valence notwithstanding
    expect(p.lane.free).toEqual([]);
    const outside = p.lane.chords.filter((c) => !p.spans.some((s) => c.start >= s.start && c.end <= s.end));
    expect(outside).toEqual([
      { id: 'a', start: 0, end: 2, label: 'G' }, { id: 'b', start: 2, end: 4, label: 'C' }, { id: 'bb', start: 6, end: 8, label: 'C' },
    ]);
    expect(p.added).toBe(p.lane.chords.length - 3);
    expect(p.added).toBeGreaterThanOrEqual(3); // bars at 4-6 (one) and 8-12 (two)
    // Every block is a chord, ids are unique, blocks never overlap and cover the whole lane.
    const ids = p.lane.chords.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    p.lane.chords.forEach((c, i) => {
      expect(() => parseChord(c.label)).not.toThrow();
      if (i) expect(c.start).toBeCloseTo(p.lane.chords[i - 1].end, 9);
    });
    expect(p.lane.chords[p.lane.chords.length - 1].end).toBe(12);
    // The same lane and seed propose the same chords.
    expect(proposeChords(lane, lanes, 12, [], 7)).toEqual(p);
  });

  it('an empty lane gets a whole progression and the planner\'s key; a full lane is left alone', () => {
    const empty = { key: 'C major', chords: [] as { id: string; start: number; end: number; label: string }[], free: [] };
    const p = proposeChords(empty, lanes, 8, [3.1], 1);
    expect(p.lane.key).toMatch(/minor$/); // valence −0.5
    expect(p.lane.chords.map((c) => c.start)).toContain(3.1);
    const full = proposeChords(p.lane, lanes, 8, [3.1], 1);
    expect(full.added).toBe(0);
    expect(full.lane).toBe(p.lane);
  });

  it('the seed follows the project and the spans', () => {
    expect(proposalSeed('p1', [{ start: 0, end: 4 }])).toBe(proposalSeed('p1', [{ start: 0, end: 4 }]));
    expect(proposalSeed('p1', [{ start: 0, end: 4 }])).not.toBe(proposalSeed('p2', [{ start: 0, end: 4 }]));
    expect(proposalSeed('p1', [{ start: 0, end: 4 }])).not.toBe(proposalSeed('p1', [{ start: 0, end: 5 }]));
  });
});

describe('harmony proposed from the picture', () => {
  it('a clip drawn in code: a change of root at every cut, the rest on the proposed rhythm lane\'s downbeats', async () => {
    const { frames } = drawnClip([24, 18, 30, 20, 28], new Set([3]));
    const a = await analyzeFrames(frames);
    const p = proposeCurves(a);
    const { lane: h, summary } = harmonyFromPicture(p, a.duration);
    expect(h.kind).toBe('harmony');
    expect(h.free).toEqual([]);
    const cuts = a.cuts.map((c) => c.t);
    expect(cuts.length).toBe(4);
    const starts = h.chords.map((c) => c.start);
    for (const t of cuts) {
      const i = starts.findIndex((s) => Math.abs(s - t) < 1e-6);
      expect(i, `cut ${t} in ${starts}`).toBeGreaterThan(0);
      expect(parseChord(h.chords[i].label)!.root).not.toBe(parseChord(h.chords[i - 1].label)!.root);
    }
    const beats = beatTimes(p.rhythm, a.duration);
    for (const s of starts.slice(1).filter((x) => !cuts.some((t) => Math.abs(t - x) < 1e-6))) {
      expect(beats.some((b) => b.downbeat && Math.abs(b.t - s) < 1e-6), `change at ${s}`).toBe(true);
    }
    expect(summary).toMatch(new RegExp(`^${h.key}: ${h.chords.length} chords .* a change on 4 of 4 cuts$`));
    expect(harmonyFromPicture(p, a.duration).lane).toEqual(h);
  });
});
