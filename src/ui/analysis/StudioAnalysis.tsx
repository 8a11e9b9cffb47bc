/**
 * The analysis panel wired into the studio: analyses the video the pane plays, puts the cuts on
 * the timeline, keeps the descriptors (the model's video condition) in the store, and hands an
 * accepted proposal to `onAccept` (SidePanel's takeLane: one undo step).
 */
import { useEffect, useMemo, useRef } from 'react';
import { cacheAnalysis, cachedAnalysis } from '../persist/analysisCache.ts';
import type { LaneData } from '../../engine/project/lane-spec.ts';
import type { LaneId } from '../../engine/project/types.ts';
import { setCuts, setDescriptors, setPanel, useStudio } from '../store/studio.ts';
import type { AnalysisOutcome } from './run-analysis.ts';
import { AnalysisPanel, type AnalysisCache } from './AnalysisPanel.tsx';

/**
 * Opening a video shows the analysis panel (unless another panel is open), so its cuts and
 * proposals come without a click. Call once, from a component that is always mounted.
 */
export function useAnalysisOnOpen(): void {
  const url = useStudio((s) => s.media.url);
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (url === seen.current) return;
    seen.current = url;
    // A new video's cuts replace the old ones; none until its analysis finishes.
    setCuts([]);
    if (url && useStudio.getState().panel === null) setPanel('analysis');
  }, [url]);
}

export function StudioAnalysis({ onAccept }: { onAccept: (id: LaneId, lane: LaneData) => void }) {
  // The URL the <video> plays: the original file, or the transcode when the media feature had to
  // convert it, so the analysis sees exactly what plays.
  const url = useStudio((s) => s.media.url);
  // The shown video is the project's (open.ts links it before it shows it), so its hash keys the cache.
  const hash = useStudio((s) => s.project.video?.hash ?? null);
  const cache = useMemo<AnalysisCache | undefined>(() => (hash ? {
    load: () => cachedAnalysis(hash),
    save: (outcome, accepted) => void cacheAnalysis(hash, { outcome, accepted }),
  } : undefined), [hash]);
  if (!url) {
    return <p className="analysis-panel" data-testid="analysis-panel">Open a video to analyse its picture.</p>;
  }
  // Keyed by both: a hash that catches up with a new URL remounts the panel, so no answer is filed under the wrong clip.
  // The descriptors are the model's video condition: kept in the store under the clip's hash (and autosaved).
  const onResult = (o: AnalysisOutcome) => {
    if (hash) setDescriptors({ hash, video: { frames: o.frameCount, ...o.descriptors } });
  };
  return <AnalysisPanel key={`${url}|${hash}`} video={url} onCuts={setCuts} onAccept={onAccept} onResult={onResult} cache={cache} />;
}
