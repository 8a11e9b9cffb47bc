import { useStudio } from '../store/studio.ts';
import { Filmstrip } from './Filmstrip.tsx';
import { Waveform } from './Waveform.tsx';
import './media.css';

/**
 * The filmstrip and waveform rows of the timeline (between the ruler and the lanes), on the
 * shared view: same header column and drawing width as the lanes, so times line up.
 */
export function MediaRows() {
  const width = useStudio((s) => s.viewWidth);
  return (
    <>
      <div className="row media-row">
        <div className="lane-header"><div className="lane-name">Picture</div></div>
        <Filmstrip width={width} />
      </div>
      <div className="row media-row">
        <div className="lane-header"><div className="lane-name">Sound</div></div>
        <Waveform width={width} />
      </div>
    </>
  );
}
