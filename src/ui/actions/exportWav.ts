import { downloadTake } from '../playback/exportTake.ts';
import { takeSamples } from '../playback/take.ts';
import { notify, useStudio, type StudioState } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/** Why Export WAV cannot be used yet: said on the page, not faked. */
export const NO_TAKE_REASON = 'No take yet — generate one first';

/** Why the take in use cannot be exported as WAV now, or '' when it can. */
export function wavUnavailable(s: Pick<StudioState, 'generation'> = useStudio.getState()): string {
  const take = s.generation.take;
  if (!take || take.seconds === 0) return NO_TAKE_REASON;
  return s.generation.run.kind === 'running' ? 'The take is still being written' : '';
}

/**
 * Download the take in use as WAV in the format and rate chosen beside the button (16-bit or
 * float, 32 or 48 kHz, saved with the project). When it cannot run the shortcut says why instead
 * of doing nothing. Changes nothing: no undo step.
 */
export const exportWavAction: StudioAction = {
  id: 'export-wav', label: 'Export the take in use as WAV (the format and rate beside the button: 16-bit or float, 32 or 48 kHz)', keys: ['Shift+W'],
  perform: () => {
    const why = wavUnavailable();
    if (why) return notify('info', `Export WAV: ${why}.`);
    downloadTake([takeSamples()], useStudio.getState().project);
  },
};
