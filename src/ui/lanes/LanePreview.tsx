/** A proposed lane drawn small (the geometry comes from the lane's spec: engine/project/lane-spec.ts). */
import type { LanePreview as Preview } from '../../engine/project/lane-spec.ts';

export function LanePreview({ preview, width, height, label, className }: {
  preview: Preview; width: number; height: number; label: string; className?: string;
}) {
  return (
    <svg className={className} width={width} height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none"
      role="img" aria-label={`${label}: ${preview.summary}`}>
      {preview.kind === 'curve' && <polyline points={preview.points} fill="none" stroke="currentColor" strokeWidth={1.5} />}
      {preview.kind === 'rhythm' && preview.ticks.map((t, i) => (
        <line key={i} x1={t.x} x2={t.x} y1={t.downbeat ? 0 : height / 2} y2={height} stroke="currentColor" />
      ))}
      {preview.kind === 'melody' && preview.notes.map((n, i) => <rect key={i} x={n.x} y={n.y} width={n.w} height={height / 12} fill="currentColor" />)}
      {preview.kind === 'blocks' && preview.blocks.map((b, i) => (
        <g key={i}>
          <rect x={b.x} y={height * 0.2} width={Math.max(1, b.w - 1)} height={height * 0.6} rx={2} fill="currentColor" fillOpacity={0.35} stroke="currentColor" />
          {b.w > 14 && <text x={b.x + 2} y={height * 0.62} fontSize={9} fill="currentColor">{b.label}</text>}
        </g>
      ))}
    </svg>
  );
}
