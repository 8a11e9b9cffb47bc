import { useStudio } from '../store/studio.ts';

/** The video, or an invitation to open one. */
export function VideoPane() {
  const media = useStudio((s) => s.media);
  if (!media.url) {
    return (
      <div className="video-pane empty" data-testid="video-empty">
        <p>{media.status === 'loading' ? media.message : 'Open a video (or drop it here) to start scoring.'}</p>
      </div>
    );
  }
  return (
    <div className="video-pane">
      <video src={media.url} data-testid="video" playsInline />
    </div>
  );
}
