import { setHelpOpen, updateSettings, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

export const snapAction: StudioAction = {
  id: 'snap', label: 'Snap to the beat grid on/off', keys: ['S'],
  perform: () => updateSettings({ snapToBeats: !useStudio.getState().project.settings.snapToBeats }),
};
export const metronomeAction: StudioAction = {
  id: 'metronome', label: 'Metronome on/off', keys: ['M'],
  perform: () => updateSettings({ metronome: !useStudio.getState().project.settings.metronome }),
};
/** Loop on/off; turning it on without a region loops the next 4 s from the playhead. */
export const loopAction: StudioAction = {
  id: 'loop', label: 'Loop the marked region on/off', keys: ['Shift+L'],
  perform: () => {
    const s = useStudio.getState();
    const { loop, loopEnabled } = s.project.settings;
    if (loopEnabled) return updateSettings({ loopEnabled: false });
    const d = s.project.duration;
    const t = Math.min(s.playback.time, Math.max(0, d - 0.5));
    updateSettings({ loopEnabled: true, loop: loop ?? { start: t, end: Math.min(d, t + 4) } });
  },
};
export const helpAction: StudioAction = {
  id: 'help', label: 'Show or hide this help', keys: ['?', 'F1'],
  perform: () => setHelpOpen(!useStudio.getState().helpOpen),
};
export const escapeAction: StudioAction = {
  id: 'escape', label: 'Close help, clear the selection', keys: ['Escape'],
  perform: () => {
    setHelpOpen(false);
    useStudio.setState({ selection: null });
  },
};
