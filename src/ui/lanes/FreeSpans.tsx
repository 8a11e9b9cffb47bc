import type { FreeSpan } from '../../engine/project/types.ts';
import { tToX, type LaneBox } from './geometry.ts';

/** The hatch pattern every lane's free spans use (defined once per lane SVG). */
export function HatchDef() {
  return (
    <defs>
      <pattern id="free-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="8" height="8" fill="rgba(120,130,160,0.10)" />
        <line x1="0" y1="0" x2="0" y2="8" stroke="rgba(150,160,200,0.55)" strokeWidth="3" />
      </pattern>
    </defs>
  );
}

export function FreeSpans({ spans, box, draft }: { spans: readonly FreeSpan[]; box: LaneBox; draft?: FreeSpan | null }) {
  return (
    <g className="free-spans">
      {spans.map((s) => (
        <rect key={`${s.start}-${s.end}`} data-testid="free-span" className="free-span"
          x={tToX(box, s.start)} y={0} width={Math.max(1, (s.end - s.start) * box.view.pxPerSec)} height={box.height}
          fill="url(#free-hatch)">
          <title>Free: left to the model ({s.start.toFixed(2)}–{s.end.toFixed(2)} s)</title>
        </rect>
      ))}
      {draft && (
        <rect className="free-draft" x={tToX(box, draft.start)} y={0}
          width={Math.max(1, (draft.end - draft.start) * box.view.pxPerSec)} height={box.height} />
      )}
    </g>
  );
}
