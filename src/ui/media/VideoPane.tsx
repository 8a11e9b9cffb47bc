import { useCallback } from 'react';
import { fpsLabel } from '../../engine/media/describe.ts';
import { formatTime } from '../../engine/timeline/view.ts';
import { attachVideo, togglePlayback } from '../playback/clock.ts';
import { useStudio } from '../store/studio.ts';
import { cancelOpening } from './open.ts';
import './media.css';

/** While a file is being opened: what is happening, how far, and a way out. */
function OpeningStatus() {
  const opening = useStudio((s) => s.media.opening);
  const message = useStudio((s) => s.media.message);
  const progress = useStudio((s) => s.media.progress);
  if (!opening) return null;
  return (
    <div className="opening" role="status" data-testid="opening">
      <span>{message}</span>
      {progress !== null && <progress max={1} value={progress} />}
      <button type="button" onClick={cancelOpening} data-testid="cancel-open">Cancel</button>
    </div>
  );
}

/** Duration, picture size and frame rate of the linked video, as measured. */
function VideoFacts() {
  const video = useStudio((s) => s.project.video);
  if (!video) return null;
  return (
    <div className="video-facts" data-testid="video-info" data-hash={video.hash}>
      <span className="video-name" title={video.name}>{video.name}</span>
      <span data-testid="video-duration">{formatTime(video.duration)}</span>
      <span data-testid="video-size">{video.width}×{video.height}</span>
      <span data-testid="video-fps">{fpsLabel(video.fps)}</span>
    </div>
  );
}

/** The video (slaved to the studio clock: no native controls), or an invitation to open one. */
export function VideoPane() {
  const url = useStudio((s) => s.media.url);
  const linked = useStudio((s) => s.project.video?.name);
  const ref = useCallback((el: HTMLVideoElement | null) => attachVideo(el), []);
  return (
    <div className="video-pane-wrap">
      {url ? (
        <div className="video-pane">
          <video ref={ref} src={url} data-testid="video" playsInline preload="auto" onClick={togglePlayback} />
        </div>
      ) : (
        <div className="video-pane empty" data-testid="video-empty">
          {/* A restored or loaded project knows its video but a page cannot reopen a file by itself. */}
          <p>{linked ? `This project scores “${linked}”: open it again (or drop it here) to see it.` : 'Open a video (or drop it anywhere on the page) to start scoring.'}</p>
        </div>
      )}
      <VideoFacts />
      <OpeningStatus />
    </div>
  );
}
