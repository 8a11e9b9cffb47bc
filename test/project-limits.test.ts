import { describe, expect, it } from 'vitest';
import { createProject } from '../src/engine/project/create.ts';
import { LIMITS } from '../src/engine/project/limits.ts';
import { countLimitError } from '../src/engine/project/within-limits.ts';
import { trimToDuration } from '../src/engine/project/trim.ts';
import { projectSummary } from '../src/engine/project/summary.ts';
import { projectFromJson, projectToJson } from '../src/engine/project/serialize.ts';

/** A valid project as plain JSON, to break one field at a time. */
function raw(duration = 12): any {
  return JSON.parse(projectToJson(createProject('Clip', duration)));
}
const parse = (p: unknown) => () => projectFromJson(JSON.stringify(p));

describe('project limits', () => {
  it('refuses a zero, negative or absurd duration with the field path', () => {
    for (const d of [0, -1, 1e9]) {
      const p = raw();
      p.duration = d;
      expect(parse(p)).toThrow(/duration should be a number from 0.1 to 14400/);
    }
  });

  it('refuses an absurd duration with a fast tempo at once (no beat grid is built)', () => {
    const p = raw();
    p.duration = 1e7;
    p.lanes.rhythm.tempo = [{ t: 0, v: 300 }];
    const t0 = performance.now();
    expect(parse(p)).toThrow(/duration/);
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('refuses a huge point count before reading the points', () => {
    const p = raw();
    p.lanes.intensity.points = Array.from({ length: 200_000 }, (_, i) => ({ t: i * 1e-5, v: 0 }));
    const t0 = performance.now();
    expect(parse(p)).toThrow(`lanes.intensity.points has 200000 points; at most ${LIMITS.maxPoints} are allowed`);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('refuses times past the duration, naming the field', () => {
    const p = raw(12);
    p.lanes.valence.points = [{ t: 0, v: 0 }, { t: 500, v: 0.5 }];
    expect(parse(p)).toThrow(/lanes\.valence\.points\[1\]\.t should be a time from 0 to 12 s/);
    const q = raw(12);
    q.lanes.rhythm.added = [13];
    expect(parse(q)).toThrow(/lanes\.rhythm\.added\[0\]/);
    const r = raw(12);
    r.settings.loop = { start: 2, end: 40 };
    expect(parse(r)).toThrow(/settings\.loop\.end/);
  });

  it('refuses overlapping melody notes and empty ones', () => {
    const p = raw();
    p.lanes.melody.notes = [{ id: 'a', start: 1, end: 3, pitch: 0 }, { id: 'b', start: 2, end: 4, pitch: 4 }];
    expect(parse(p)).toThrow(/lanes\.melody\.notes\[1\] \(2–4 s\) overlaps lanes\.melody\.notes\[0\] \(1–3 s\)/);
    p.lanes.melody.notes = [{ id: 'a', start: 1, end: 2, pitch: 0 }, { id: 'b', start: 2, end: 4, pitch: 4 }];
    expect(projectFromJson(JSON.stringify(p)).lanes.melody.notes.map((n) => n.id)).toEqual(['a', 'b']);
    p.lanes.melody.notes = [{ id: 'a', start: 1, end: 1, pitch: 0 }];
    expect(parse(p)).toThrow(/lanes\.melody\.notes\[0\]\.end should be later than its start/);
  });

  it('names lanes with the wrong case and unknown lanes instead of dropping them', () => {
    const p = raw();
    p.lanes.Intensity = p.lanes.intensity;
    delete p.lanes.intensity;
    expect(parse(p)).toThrow('lanes.Intensity should be spelled lanes.intensity (lane names are lower case)');
    const q = raw();
    q.lanes.texture = { kind: 'curve', points: [], free: [] };
    expect(parse(q)).toThrow('lanes.texture is not a lane; the lanes are rhythm, intensity, melody, harmony, valence, arousal');
  });
});

describe('projectSummary', () => {
  it('says what a project holds', () => {
    const p = createProject('Clip', 12);
    expect(projectSummary(p)).toBe('“Clip” (no curves drawn)');
    const q = { ...p, lanes: { ...p.lanes,
      intensity: { ...p.lanes.intensity, points: [{ t: 0, v: 1 }, { t: 1, v: 2 }] },
      melody: { ...p.lanes.melody, notes: [{ id: 'n', start: 0, end: 1, pitch: 3 }] },
      rhythm: { ...p.lanes.rhythm, tempo: [{ t: 0, v: 90 }, { t: 5, v: 120 }] } } };
    expect(projectSummary(q)).toBe('“Clip” (2 points, 1 note, 90–120 BPM)');
  });
});

describe('the studio\'s own state stays loadable', () => {
  // Lanes drawn on a 12 s video, then a 6 s video linked: the lanes past 6 s are the person's work.
  function relinkedShorter() {
    const p = createProject('Clip', 12);
    return { ...p, duration: 6, lanes: { ...p.lanes,
      intensity: { kind: 'curve' as const, points: [{ t: 1, v: 0 }, { t: 9, v: 3 }], free: [{ start: 4, end: 10 }] },
      melody: { kind: 'melody' as const, notes: [{ id: 'a', start: 5, end: 7, pitch: 2 }, { id: 'b', start: 8, end: 9, pitch: 4 }], free: [] } } };
  }

  it('the autosave restores times past the duration (trusted); a file is held to it', () => {
    const text = projectToJson(relinkedShorter());
    expect(projectFromJson(text, { trusted: true }).lanes.intensity.points).toHaveLength(2);
    expect(() => projectFromJson(text)).toThrow(/lanes\.intensity\.points\[1\]\.t should be a time from 0 to 6 s/);
  });

  it('a saved file is cut to the duration and loads back', () => {
    const { project, dropped } = trimToDuration(relinkedShorter());
    expect(dropped).toBe(2); // the point at 9 s and the note at 8 s
    expect(project.lanes.intensity.points).toEqual([{ t: 1, v: 0 }]);
    expect(project.lanes.intensity.free).toEqual([{ start: 4, end: 6 }]);
    expect(project.lanes.melody.notes).toEqual([{ id: 'a', start: 5, end: 6, pitch: 2 }]);
    expect(projectFromJson(projectToJson(project))).toEqual(project);
    const p = createProject('Clip', 6);
    expect(trimToDuration(p).project).toBe(p);
  });

  it('names the count limit an edit would break', () => {
    const p = createProject('Clip', 12);
    expect(countLimitError(p.lanes)).toBeNull();
    const many = Array.from({ length: LIMITS.maxPoints + 1 }, (_, i) => ({ t: i * 1e-3, v: 0 }));
    expect(countLimitError({ ...p.lanes, valence: { ...p.lanes.valence, points: many } }))
      .toBe(`A project holds at most ${LIMITS.maxPoints} points on the valence lane.`);
  });
});
