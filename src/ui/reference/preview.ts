/**
 * Mini previews of proposed lanes: each lane's spec draws its own (pure geometry, tested in Node);
 * the panels only draw what this returns. x runs over the reference track's duration.
 */
import type { LanePreview, PreviewBox } from '../../engine/project/lane-spec.ts';
import { laneSpec } from '../../engine/project/lanes.ts';
import type { LaneId, Lanes } from '../../engine/project/types.ts';

export type { PreviewBox } from '../../engine/project/lane-spec.ts';
export type Preview = LanePreview;

export function previewOf(id: LaneId, lanes: Lanes, box: PreviewBox): Preview {
  return laneSpec(id).preview(lanes[id], box);
}
