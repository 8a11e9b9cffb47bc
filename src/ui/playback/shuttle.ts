/**
 * J/K/L as video editors have them: L plays forward, K stops, J plays backward. The audio clock
 * only runs forward, so backward play moves the playhead (and the picture) at 1× without sound.
 */
import { useStudio } from '../store/studio.ts';
import { pausePlayback, seekTo, startPlayback } from './clock.ts';

let reverse = 0;

export function stopShuttle(): void {
  cancelAnimationFrame(reverse);
  reverse = 0;
}

export function shuttleForward(): void {
  stopShuttle();
  void startPlayback();
}

export function shuttleStop(): void {
  stopShuttle();
  pausePlayback();
}

export function shuttleBackward(): void {
  pausePlayback();
  stopShuttle();
  let last = performance.now();
  const tick = (now: number) => {
    const t = useStudio.getState().playback.time - (now - last) / 1000;
    last = now;
    seekTo(t);
    reverse = t > 0 ? requestAnimationFrame(tick) : 0;
  };
  reverse = requestAnimationFrame(tick);
}

export const isShuttlingBack = () => reverse !== 0;
