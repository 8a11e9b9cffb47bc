// The media feature's public face for the studio layout (App.tsx). Owned by the media feature.
export { VideoPane } from './VideoPane.tsx';
export { MediaRows } from './MediaRows.tsx';
export { OpenVideoButton } from './OpenVideoButton.tsx';
/** For project load: re-open the video file the person picks to re-link it. */
export { openVideo, cancelOpening } from './open.ts';
