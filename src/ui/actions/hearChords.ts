import { setPlayback, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/** "Hear chords": the harmony lane's chords sound with playback. A monitor switch: no undo step. */
export const hearChordsAction: StudioAction = {
  id: 'hear-chords', label: 'Hear the harmony lane\'s chords while playing, on/off', keys: ['H'],
  perform: () => setPlayback({ chords: !useStudio.getState().playback.chords }),
};
