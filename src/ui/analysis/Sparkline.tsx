import type { Curve } from '../../engine/project/types.ts';

/** A proposed curve drawn small, over the clip's duration and the lane's value range. */
export function Sparkline({ points, duration, min, max, width = 220, height = 36 }: {
  points: Curve; duration: number; min: number; max: number; width?: number; height?: number;
}) {
  if (points.length === 0 || duration <= 0) return null;
  const x = (t: number): number => (t / duration) * width;
  const y = (v: number): number => height - ((v - min) / (max - min)) * height;
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true">
      <line x1={0} x2={width} y1={y((min + max) / 2)} y2={y((min + max) / 2)} stroke="currentColor" strokeOpacity={0.2} />
      <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} />
    </svg>
  );
}
