/** The lane registry: every lane is complete (a view, an empty lane that loads back, an encoder that says nothing when empty). */
import { describe, expect, it } from 'vitest';
import { encodeLanes } from '../../src/engine/controls/encode.ts';
import { ALL_LANES, emptyLanes, LANE_IDS } from '../../src/engine/project/lanes.ts';
import { createProject } from '../../src/engine/project/create.ts';
import { projectFromJson, projectToJson } from '../../src/engine/project/serialize.ts';
import { LANE_VIEWS } from '../../src/ui/lanes/views.ts';

describe('lane registry', () => {
  it('gives every lane a body in the studio', () => {
    expect(Object.keys(LANE_VIEWS).sort()).toEqual([...LANE_IDS].sort());
  });

  it('loads every empty lane back as it was', () => {
    const p = createProject('Clip', 4);
    expect(projectFromJson(projectToJson(p)).lanes).toEqual(emptyLanes());
    for (const spec of ALL_LANES) expect(spec.parse(spec.empty(), `lanes.${spec.id}`, 4)).toEqual(spec.empty());
  });

  it('encodes empty lanes as no instruction at all (every mask 0)', () => {
    const c = encodeLanes(emptyLanes(), 1);
    for (const name of ['rhythm', 'intensity', 'melody', 'emotion', 'harmony'] as const) {
      expect(c[name].mask.every((m) => m === 0)).toBe(true);
    }
  });

  it('has lanes with distinct ids and positive heights', () => {
    expect(new Set(LANE_IDS).size).toBe(LANE_IDS.length);
    for (const spec of ALL_LANES) expect(spec.height).toBeGreaterThan(40);
  });
});
