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
  const file = useStudio((s) => s.media.file);
  const url = useStudio((s) => s.media.url);
  // A new video's cuts replace the old ones; none until its analysis finishes.
  useEffect(() => setCuts([]), [url]);
  if (!file || !url) return null;
  return <AnalysisPanel key={url} video={file} onCuts={setCuts} onAccept={acceptLane} />;
}
