import { formatTime, rulerStep, timeToX } from '../../engine/timeline/view.ts';
import { scrubFromRuler } from '../playback/index.ts';
import { useStudio } from '../store/studio.ts';

/** Time ruler over the timeline; the loop region is shown on it. */
export function Ruler({ width }: { width: number }) {
  const view = useStudio((s) => s.view);
  const duration = useStudio((s) => s.project.duration);
  const loop = useStudio((s) => s.project.settings.loop);
  const loopOn = useStudio((s) => s.project.settings.loopEnabled);
  const step = rulerStep(view.pxPerSec);
  const first = Math.ceil(view.start / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= Math.min(duration, view.start + width / view.pxPerSec); t += step) ticks.push(t);
  return (
    <svg className="ruler" width={width} height={24} data-testid="ruler" onPointerDown={scrubFromRuler}>
      {loop && (
        <rect className={loopOn ? 'loop-region on' : 'loop-region'} x={timeToX(view, loop.start)} y={0}
          width={(loop.end - loop.start) * view.pxPerSec} height={24} />
      )}
      {ticks.map((t) => {
        const x = timeToX(view, t);
        return (
          <g key={t.toFixed(3)}>
            <line x1={x} x2={x} y1={14} y2={24} />
            <text x={x + 3} y={12}>{formatTime(t, step)}</text>
          </g>
        );
      })}
    </svg>
  );
}
