import { VideoPane, MediaRows, OpenVideoButton } from './media/index.ts';
import { TransportBar } from './playback/index.ts';
import { useStudio } from './store/studio.ts';

/** The studio: header, video + inspector, transport, and the timeline of lanes. */
export function App() {
  const name = useStudio((s) => s.project.name);
  return (
    <div className="studio">
      <header className="topbar">
        <span className="brand">Undertone</span>
        <span className="project-name" data-testid="project-name">{name}</span>
        <span className="spacer" />
        <OpenVideoButton />
      </header>
      <section className="stage">
        <VideoPane />
      </section>
      <TransportBar />
      <section className="timeline">
        <MediaRows />
      </section>
    </div>
  );
}
