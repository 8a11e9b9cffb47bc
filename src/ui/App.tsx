import { useEffect } from 'react';
import { HelpOverlay } from './HelpOverlay.tsx';
import { VideoPane, MediaRows, OpenVideoButton, openVideo } from './media/index.ts';
import { NoticeBar } from './NoticeBar.tsx';
import { startAutosave } from './persist/autosave.ts';
import { startTakes } from './takes/run-takes.ts';
import { startAdherence } from './adherence/run-adherence.ts';
import { TransportBar } from './playback/index.ts';
import { ProjectMenu } from './ProjectMenu.tsx';
import { SidePanel } from './SidePanel.tsx';
import { TabGuard } from './TabGuard.tsx';
import { renameProject, useStudio } from './store/studio.ts';
import { Timeline } from './timeline/Timeline.tsx';
import { Toolbar } from './Toolbar.tsx';
import { useShortcuts } from './useShortcuts.ts';

/** The studio: header, video, transport, tools, and the timeline of lanes. */
export function App() {
  const name = useStudio((s) => s.project.name);
  const restored = useStudio((s) => s.restored);
  const ownership = useStudio((s) => s.ownership);
  useShortcuts();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    const stopTakes = startTakes();
    const stopAdherence = startAdherence();
    void startAutosave((file) => void openVideo(file, { restoring: true })).then((s) => (cancelled ? s() : (stop = s)));
    return () => {
      cancelled = true;
      stop?.();
      stopTakes();
      stopAdherence();
    };
  }, []);
  return (
    <div className="studio" data-restored={restored} data-ownership={ownership}>
      <header className="topbar">
        <span className="brand">Undertone</span>
        <input className="project-name" data-testid="project-name" aria-label="Project name" value={name}
          onChange={(e) => renameProject(e.target.value)} />
        <span className="spacer" />
        <OpenVideoButton />
        <ProjectMenu />
      </header>
      <section className="stage">
        <NoticeBar />
        <VideoPane />
        <SidePanel />
      </section>
      <TransportBar />
      <Toolbar />
      <Timeline mediaRows={<MediaRows />} />
      <HelpOverlay />
      <TabGuard />
    </div>
  );
}
