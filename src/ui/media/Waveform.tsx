import { useEffect, useRef } from 'react';
import { peakLevel, peakSpan } from '../../engine/media/peaks.ts';
import { xToTime } from '../../engine/timeline/view.ts';
import { useStudio } from '../store/studio.ts';
import { fitCanvas } from './canvas.ts';

const HEIGHT = 40;

/** The clip's own sound, one min/max column per pixel; says "no sound" when there is none. */
export function Waveform({ width }: { width: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useStudio((s) => s.view);
  const media = useStudio((s) => s.media);
  const hasVideo = useStudio((s) => !!s.project.video);

  useEffect(() => {
    if (!canvas.current || width <= 0) return;
    const ctx = fitCanvas(canvas.current, width, HEIGHT);
    ctx.clearRect(0, 0, width, HEIGHT);
    if (media.sound !== 'peaks' || !media.peaks) return;
    const mid = HEIGHT / 2;
    // Scaled to the clip's own peak: a quiet location recording still shows its shape.
    const gain = 0.9 / Math.max(0.05, peakLevel(media.peaks));
    ctx.fillStyle = '#5aa0e0';
    for (let x = 0; x < width; x++) {
      const span = peakSpan(media.peaks, media.peaksPerSec, xToTime(view, x), xToTime(view, x + 1));
      if (!span) break;
      const top = mid - span[1] * gain * mid;
      const bottom = mid - span[0] * gain * mid;
      ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
    }
  }, [width, view, media.sound, media.peaks, media.peaksPerSec]);

  const note = !hasVideo || !media.url ? '' : media.sound === 'pending' ? 'reading sound…' : media.sound === 'peaks' ? '' : media.soundNote || 'no sound';
  return (
    <div className="waveform" style={{ height: HEIGHT, width }}>
      <canvas ref={canvas} data-testid="waveform" data-sound={media.url ? media.sound : 'empty'} />
      {note && <span className="waveform-note" data-testid="waveform-note">{note}</span>}
    </div>
  );
}
