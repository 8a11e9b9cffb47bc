import { useStudio } from '../store/studio.ts';
import { formatTime } from '../../engine/timeline/view.ts';

/** Play / pause / loop / metronome controls and the time readout. */
export function TransportBar() {
  const time = useStudio((s) => s.playback.time);
  return <div className="transport"><span className="time" data-testid="time">{formatTime(time, 0.01)}</span></div>;
}
