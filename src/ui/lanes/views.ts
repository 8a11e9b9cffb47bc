/**
 * The studio's half of the lane registry: how each lane is drawn and edited, keyed by lane id.
 * Every `*LaneBody.tsx` in this folder exports `views` (lane id → body, and header controls when
 * the lane has some), so a new lane's body is found by its file; the engine's registry
 * (engine/project/lanes.ts) stays the one list of lanes.
 */
import type { ComponentType } from 'react';
import type { LaneId } from '../../engine/project/types.ts';

export interface LaneBodyProps {
  readonly id: LaneId;
  readonly height: number;
  readonly width: number;
}

export interface LaneView {
  /** The lane's editable drawing area. */
  readonly Body: ComponentType<LaneBodyProps>;
  /** Controls in the lane's header under its name (tempo and meter, the key and the chord palette). */
  readonly Header?: ComponentType<{ readonly id: LaneId }>;
}

export type LaneViews = Partial<Record<LaneId, LaneView>>;

const modules = import.meta.glob<LaneViews>('./*LaneBody.tsx', { eager: true, import: 'views' });

export const LANE_VIEWS: LaneViews = Object.assign({}, ...Object.values(modules));

export function laneView(id: LaneId): LaneView {
  const view = LANE_VIEWS[id];
  if (!view) throw new Error(`The ${id} lane has no body: add src/ui/lanes/<Name>LaneBody.tsx exporting views = { ${id}: { Body } }.`);
  return view;
}
