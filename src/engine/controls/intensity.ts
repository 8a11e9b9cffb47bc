/**
 * Intensity (paper §3.4): frame level in dBFS from the linear spectrogram, smoothed by a
 * Savitzky–Golay filter (order 2) over one second so onsets do not make it jitter.
 */
import type { AudioFeatures } from './features.ts';
import { savgol, savgolWindow } from './savgol.ts';
import { SILENCE_DB } from './levels.ts';
import { type ControlTrack, emptyTrack } from './types.ts';

export const INTENSITY_SMOOTHING_S = 1;

export function extractIntensity(f: AudioFeatures): ControlTrack {
  const track = emptyTrack(f.frames, 1);
  const smooth = savgol(f.levelDb, savgolWindow(INTENSITY_SMOOTHING_S, f.rate.frameRate));
  // the polynomial fit can undershoot next to a jump from silence: keep the floor
  for (let t = 0; t < f.frames; t++) track.values[t] = Math.max(SILENCE_DB, smooth[t]);
  track.mask.fill(1);
  return track;
}
