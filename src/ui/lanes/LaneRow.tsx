import { laneSpec } from '../../engine/project/lanes.ts';
import type { LaneId } from '../../engine/project/types.ts';
import { CurveLaneBody, isCurveLane } from './CurveLaneBody.tsx';
import { MelodyLaneBody } from './MelodyLaneBody.tsx';
import { RhythmControls } from './RhythmControls.tsx';
import { RhythmLaneBody } from './RhythmLaneBody.tsx';

export const LANE_HEIGHT: Record<LaneId, number> = { rhythm: 96, intensity: 84, melody: 144, valence: 72, arousal: 72 };

/** One control lane: the header (name, unit, lane controls) and its editable body. */
export function LaneRow({ id, width }: { id: LaneId; width: number }) {
  const spec = laneSpec(id);
  const height = LANE_HEIGHT[id];
  return (
    <div className={`lane lane-${id}`} style={{ height }}>
      <div className="lane-header" title={spec.help}>
        <div className="lane-name">{spec.label}</div>
        {spec.kind === 'curve' && <div className="lane-range">{spec.max > 0 ? '+' : ''}{spec.max} … {spec.min} {spec.unit}</div>}
        {id === 'rhythm' && <RhythmControls />}
      </div>
      {id === 'rhythm' && <RhythmLaneBody height={height} width={width} />}
      {id === 'melody' && <MelodyLaneBody height={height} width={width} />}
      {isCurveLane(id) && <CurveLaneBody id={id} height={height} width={width} />}
    </div>
  );
}
