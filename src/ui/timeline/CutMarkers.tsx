import { timeToX } from '../../engine/timeline/view.ts';
import type { CutKind } from '../../engine/video/cuts.ts';
import { useStudio } from '../store/studio.ts';

const KIND_LABEL: Record<CutKind, string> = { hard: 'Cut', fade: 'Fade', dissolve: 'Dissolve' };

/** The video's shot cuts as thin lines across the timeline (hard cuts solid, fades and dissolves dashed). */
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
            data-testid="cut-marker" data-t={c.t} title={`${KIND_LABEL[c.kind]} at ${c.t.toFixed(1)} s`} />
        );
      })}
    </>
  );
}
