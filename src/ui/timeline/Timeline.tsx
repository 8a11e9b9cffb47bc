/** The timeline under the video: ruler, the media rows, the five lanes and the playhead. */
import { useEffect, useRef, type ReactNode } from 'react';
import { LANE_IDS } from '../../engine/project/lanes.ts';
import { clampView, fitView, scrollView, zoomView } from '../../engine/timeline/view.ts';
import { LaneRow } from '../lanes/LaneRow.tsx';
import { setView, useStudio } from '../store/studio.ts';
import { CutMarkers } from './CutMarkers.tsx';
import { Playhead } from './Playhead.tsx';
import { Ruler } from './Ruler.tsx';
import { ScrollBar } from './ScrollBar.tsx';

export const HEADER_WIDTH = 150;

export function Timeline({ mediaRows }: { mediaRows?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const width = useStudio((s) => s.viewWidth);
  const duration = useStudio((s) => s.project.duration);

  // Track the drawing width (inside the lanes' vertical scroll bar, when there is one). A view
  // that showed the whole clip keeps showing the whole clip when the window is resized; a zoomed
  // view keeps its scale and start, clamped to the clip.
  useEffect(() => {
    const el = content.current;
    if (!el) return;
    const measure = () => {
      const w = Math.max(100, Math.floor(el.clientWidth - HEADER_WIDTH));
      const s = useStudio.getState();
      if (w === s.viewWidth) return;
      const fitted = s.view.start === 0 && Math.abs(s.view.pxPerSec - fitView(s.project.duration, s.viewWidth).pxPerSec) < 1e-6;
      setView(fitted || s.viewWidth === 1000 ? fitView(s.project.duration, w) : clampView(s.view, s.project.duration, w), w);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    const s = useStudio.getState();
    setView(fitView(duration, s.viewWidth));
  }, [duration]);

  // Wheel: Ctrl zooms at the mouse, otherwise scrolls. Needs a non-passive listener to preventDefault.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const s = useStudio.getState();
      const x = e.clientX - el.getBoundingClientRect().left - HEADER_WIDTH;
      if (x < 0) return;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        setView(zoomView(s.view, Math.exp(-e.deltaY * 0.002), x, s.project.duration, s.viewWidth));
      } else if (Math.abs(e.deltaX) > 0 || e.shiftKey) {
        e.preventDefault();
        setView(scrollView(s.view, e.deltaX || e.deltaY, s.project.duration, s.viewWidth));
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  return (
    <div className="timeline" ref={ref} data-testid="timeline">
      {/* The rows scroll vertically when the window is too low for all of them; the ruler stays on top. */}
      <div className="timeline-scroll" data-testid="lane-scroll">
        <div className="timeline-content" ref={content}>
          <div className="row ruler-row">
            <div className="lane-header ruler-header" />
            <Ruler width={width} />
          </div>
          {mediaRows}
          {LANE_IDS.map((id) => <LaneRow key={id} id={id} width={width} />)}
          <CutMarkers offset={HEADER_WIDTH} />
          <Playhead offset={HEADER_WIDTH} />
        </div>
      </div>
      <ScrollBar offset={HEADER_WIDTH} />
    </div>
  );
}
