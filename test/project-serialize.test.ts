import { describe, expect, it } from 'vitest';
import { createProject } from '../src/engine/project/create.ts';
import { projectFromJson, projectToJson, ProjectFormatError } from '../src/engine/project/serialize.ts';

describe('project JSON', () => {
  it('round-trips curves, notes, spans, settings and takes', () => {
    const p = createProject('Clip', 12);
    const edited = {
      ...p,
      lanes: {
        ...p.lanes,
        intensity: { kind: 'curve' as const, points: [{ t: 0, v: -6 }, { t: 4.5, v: 12 }], free: [{ start: 6, end: 8 }] },
        melody: { kind: 'melody' as const, notes: [{ id: 'n1', start: 1, end: 2, pitch: 7 }], free: [] },
        rhythm: { ...p.lanes.rhythm, tempo: [{ t: 0, v: 96 }], beatsPerBar: 3, removed: [4], added: [2.2] },
      },
      settings: { ...p.settings, exportFormat: 'float32' as const, exportRate: 32000 as const },
      takes: [{ id: 't1', name: 'Take 1', createdAt: '2026-11-22T00:00:00.000Z', start: 0, end: 12, seed: 42, pack: 'tiny', kept: true }],
    };
    const back = projectFromJson(projectToJson(edited));
    expect(back).toEqual(edited);
  });

  it('refuses text that is not a project, with a message that says why', () => {
    expect(() => projectFromJson('hello')).toThrow(/not JSON/);
    expect(() => projectFromJson('{"a":1}')).toThrow(/Not an Undertone project/);
    const p = JSON.parse(projectToJson(createProject()));
    p.lanes.valence.points = [{ t: 0, v: 3 }];
    expect(() => projectFromJson(JSON.stringify(p))).toThrow(ProjectFormatError);
    expect(() => projectFromJson(JSON.stringify(p))).toThrow(/lanes\.valence\.points\[0\]\.v should be a number from -1 to 1/);
  });

  it('refuses a project from a newer format version', () => {
    const p = JSON.parse(projectToJson(createProject()));
    p.version = 99;
    expect(() => projectFromJson(JSON.stringify(p))).toThrow(/newer Undertone/);
  });
});
