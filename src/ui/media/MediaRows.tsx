import { useEffect, useRef } from 'react';
import { fitView, timeToX } from '../../engine/timeline/view.ts';
import { setView, useStudio } from '../store/studio.ts';
import { Filmstrip } from './Filmstrip.tsx';
import { TimeRuler } from './TimeRuler.tsx';
import { Waveform } from './Waveform.tsx';
import { useWidth } from './useWidth.ts';
import './media.css';

/** The playhead line over the media rows; a DOM line, so moving it redraws no canvas. */
function Playhead({ width }: { width: number }) {
  const x = useStudio((s) => timeToX(s.view, s.playback.time));
  if (x < 0 || x > width) return null;
  return <div className="playhead" data-testid="playhead" style={{ transform: `translateX(${x}px)` }} />;
}

/** A newly linked video is shown whole: the timeline zooms to fit its duration once. */
function useFitOnNewVideo(width: number): void {
  const video = useStudio((s) => s.project.video);
  const fitted = useRef<unknown>(null);
  useEffect(() => {
    if (!video || width <= 0 || fitted.current === video) return;
    fitted.current = video;
    setView(fitView(video.duration, width));
  }, [video, width]);
}

/**
 * Ruler, filmstrip and waveform rows of the timeline, on the shared view (zoom/scroll). Each row
 * has a label cell of --lane-label-width so the time axis lines up with the lanes below.
 */
export function MediaRows() {
  const track = useRef<HTMLDivElement>(null);
  const width = useWidth(track);
  useFitOnNewVideo(width);
  return (
    <div className="media-rows">
      <div className="media-row-labels">
        <span style={{ height: 24 }}>Time</span>
        <span style={{ height: 48 }}>Picture</span>
        <span style={{ height: 40 }}>Sound</span>
      </div>
      <div className="media-row-tracks" ref={track}>
        <TimeRuler width={width} />
        <Filmstrip width={width} />
        <Waveform width={width} />
        <Playhead width={width} />
      </div>
    </div>
  );
}
