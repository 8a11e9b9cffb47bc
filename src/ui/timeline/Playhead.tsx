import { timeToX } from '../../engine/timeline/view.ts';
import { useStudio } from '../store/studio.ts';

/** The playhead line across every row of the timeline. */
export function Playhead({ offset }: { offset: number }) {
  const x = useStudio((s) => timeToX(s.view, s.playback.time));
  const width = useStudio((s) => s.viewWidth);
  if (x < 0 || x > width) return null;
  return <div className="playhead" style={{ left: offset + x }} data-testid="playhead" />;
}
