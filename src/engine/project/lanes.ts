/**
 * The lane registry: one line per lane, in the order the timeline shows them. A lane is one file
 * in lanes/ (a LaneSpec: data, empty lane, validation, height, encoder, proposals, edits) plus
 * its line here; the project's types (LaneId, Lanes), loading, limits, encoding and proposals all
 * follow from this list. The studio finds each lane's body by its id (src/ui/lanes/views.ts).
 */
import type { Extraction } from '../controls/extract.ts';
import type { LaneData, LaneSpec } from './lane-spec.ts';
import { arousalLane, intensityLane, valenceLane } from './lanes/curves.ts';
import { harmonyLane } from './lanes/harmony.ts';
import { melodyLane } from './lanes/melody.ts';
import { rhythmLane } from './lanes/rhythm.ts';

export const LANE_SPECS = [
  rhythmLane,
  intensityLane,
  melodyLane,
  harmonyLane,
  valenceLane,
  arousalLane,
] as const;

type AnySpec = (typeof LANE_SPECS)[number];

export type LaneId = AnySpec['id'];

/** Every lane's data, keyed by lane id. */
export type Lanes = { readonly [S in AnySpec as S['id']]: ReturnType<S['empty']> };

export type { LaneSpec } from './lane-spec.ts';
export { PITCH_NAMES } from './lanes/melody.ts';

export const LANE_IDS: readonly LaneId[] = LANE_SPECS.map((s) => s.id);

/** The spec of a lane, seen without its data type (method parameters are bivariant). */
export function laneSpec(id: LaneId): LaneSpec<LaneId, LaneData> {
  const spec = LANE_SPECS.find((s) => s.id === id);
  if (!spec) throw new Error(`unknown lane ${id}`);
  return spec as LaneSpec<LaneId, LaneData>;
}

/** Every spec, seen without its data type: for code that handles all lanes alike. */
export const ALL_LANES = LANE_SPECS as readonly LaneSpec<LaneId, LaneData>[];

/** Build a Lanes record lane by lane. */
export function mapLanes(make: (spec: LaneSpec<LaneId, LaneData>) => LaneData): Lanes {
  return Object.fromEntries(ALL_LANES.map((s) => [s.id, make(s)])) as unknown as Lanes;
}

export function emptyLanes(): Lanes {
  return mapLanes((s) => s.empty());
}

/** Every lane proposed from a reference track's extraction (empty where a lane proposes nothing). */
export function lanesFromExtraction(x: Extraction): Lanes {
  return mapLanes((s) => (s.fromExtraction ? s.fromExtraction(x) : s.empty()));
}

export const emptyRhythmLane = rhythmLane.empty;
export const emptyMelodyLane = melodyLane.empty;
export const emptyCurveLane = intensityLane.empty;
