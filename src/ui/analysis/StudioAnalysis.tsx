/**
 * The analysis panel wired into the studio: analyses the opened video, puts the cuts on the
 * timeline, and an accepted proposal replaces its lane through the store's editLane action
 * (one undo step, so a person can take it back).
 */
import { useEffect } from 'react';
import { editLane, setCuts, useStudio } from '../store/studio.ts';
import type { CurveLane, LaneId, RhythmLane } from '../../engine/project/types.ts';
import { AnalysisPanel } from './AnalysisPanel.tsx';

function acceptLane(id: LaneId, lane: RhythmLane | CurveLane): void {
  editLane(id, () => lane as never, true);
}

export function StudioAnalysis() {
  // The URL the <video> plays: the original file, or the transcode when the media feature had to
  // convert it, so the analysis sees exactly what plays.
  const url = useStudio((s) => s.media.url);
  // A new video's cuts replace the old ones; none until its analysis finishes.
  useEffect(() => setCuts([]), [url]);
  if (!url) return null;
  return <AnalysisPanel key={url} video={url} onCuts={setCuts} onAccept={acceptLane} />;
}
