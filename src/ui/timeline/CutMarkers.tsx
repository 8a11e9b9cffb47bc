import { timeToX } from '../../engine/timeline/view.ts';
import { useStudio } from '../store/studio.ts';

/** The video's shot cuts as thin lines across the timeline (hard cuts solid, fades dashed). */
export function CutMarkers({ offset }: { offset: number }) {
  const cuts = useStudio((s) => s.cuts);
  const view = useStudio((s) => s.view);
  const width = useStudio((s) => s.viewWidth);
  return (
    <>
      {cuts.map((c) => {
        const x = timeToX(view, c.t);
        if (x < 0 || x > width) return null;
        return (
          <div key={c.frame} className={`cut-marker cut-${c.kind}`} style={{ left: offset + x }}
            data-testid="cut-marker" data-t={c.t} title={`${c.kind === 'fade' ? 'Fade' : 'Cut'} at ${c.t.toFixed(1)} s`} />
        );
      })}
    </>
  );
}
