import { cancelMp4Export, exportMp4, isExportingMp4 } from '../playback/exportMp4.ts';
import type { StudioAction } from './types.ts';

/**
 * Export MP4: the video with the current take as its soundtrack, the picture not re-encoded
 * (playback/exportMp4.ts). Pressed again while writing, it cancels. When it cannot run
 * (no video, no take) the shortcut says why instead of doing nothing. Changes nothing: no undo step.
 */
export const exportMp4Action: StudioAction = {
  id: 'export-mp4', label: 'Export the video with the take as its soundtrack (MP4; again while writing: cancel)', keys: ['Shift+E'],
  perform: () => {
    if (isExportingMp4()) return cancelMp4Export();
    void exportMp4();
  },
};
