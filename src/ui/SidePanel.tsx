/** The panel beside the video: proposals from a reference track (or the picture), generation, or a take's adherence. */
import { laneSpec } from '../engine/project/lanes.ts';
import type { LaneData } from '../engine/project/lane-spec.ts';
import type { LaneId } from '../engine/project/types.ts';
import { AdherencePanel } from './adherence/AdherencePanel.tsx';
import { StudioAnalysis, useAnalysisOnOpen } from './analysis/StudioAnalysis.tsx';
import { GeneratePanel } from './generate/GeneratePanel.tsx';
import { ReferenceTrackPanel } from './reference/ReferenceTrackPanel.tsx';
import { editLane, notify, setPanel, useStudio } from './store/studio.ts';

/** Taking a proposed lane replaces that lane; it is one undo step. */
export function takeLane(id: LaneId, lane: LaneData, source: string): void {
  editLane(id, () => lane as never, true);
  notify('info', `${laneSpec(id).label} taken from ${source}. Ctrl+Z undoes it.`);
}

export function SidePanel() {
  const panel = useStudio((s) => s.panel);
  useAnalysisOnOpen();
  if (panel === 'analysis') {
    return (
      <aside className="side-panel">
        <StudioAnalysis onAccept={(id, lane) => takeLane(id, lane, 'the picture')} />
      </aside>
    );
  }
  if (panel === 'generate') {
    return (
      <aside className="side-panel">
        <GeneratePanel />
      </aside>
    );
  }
  if (panel === 'adherence') {
    return (
      <aside className="side-panel">
        <AdherencePanel />
      </aside>
    );
  }
  if (panel !== 'reference') return null;
  return (
    <aside className="side-panel">
      <ReferenceTrackPanel onAccept={(id, lane) => takeLane(id, lane, 'the reference track')} onClose={() => setPanel(null)} />
    </aside>
  );
}
