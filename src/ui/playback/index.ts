// The playback feature's public face for the studio layout (App.tsx). Owned by the playback feature.
export { TransportBar, usePlaybackShortcuts } from './TransportBar.tsx';
export { ExportControls, GenerateButton } from './ExportControls.tsx';
export { NO_TAKE_REASON } from '../actions/exportWav.ts';
export { startPlayback, pausePlayback, togglePlayback, seekTo } from './clock.ts';
export { downloadTake } from './exportTake.ts';
export { scrubFromRuler } from './scrub.ts';
