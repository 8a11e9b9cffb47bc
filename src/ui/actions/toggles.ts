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
export const loopAction: StudioAction = {
  id: 'loop', label: 'Loop the selected region on/off', keys: ['L'],
  perform: () => updateSettings({ loopEnabled: !useStudio.getState().project.settings.loopEnabled }),
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
