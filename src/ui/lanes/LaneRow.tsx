import { laneSpec } from '../../engine/project/lanes.ts';
import type { LaneId } from '../../engine/project/types.ts';
import { laneView } from './views.ts';

/** One control lane: the header (name, range, the lane's own controls) and its editable body. */
export function LaneRow({ id, width }: { id: LaneId; width: number }) {
  const spec = laneSpec(id);
  const { Body, Header } = laneView(id);
  return (
    <div className={`lane lane-${id}`} style={{ height: spec.height }}>
      <div className="lane-header" title={spec.help}>
        <div className="lane-name">{spec.label}</div>
        {Header && <Header id={id} />}
      </div>
      <Body id={id} height={spec.height} width={width} />
    </div>
  );
}
