import { fitView, zoomView } from '../../engine/timeline/view.ts';
import { setView, useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

function zoomBy(factor: number): void {
  const { view, viewWidth, project, playback } = useStudio.getState();
  // Zoom around the playhead when it is on screen, else around the centre.
  const px = (playback.time - view.start) * view.pxPerSec;
  const anchor = px >= 0 && px <= viewWidth ? px : viewWidth / 2;
  setView(zoomView(view, factor, anchor, project.duration, viewWidth));
}

export const zoomInAction: StudioAction = { id: 'zoom-in', label: 'Zoom in', keys: ['=', '+'], perform: () => zoomBy(1.5) };
export const zoomOutAction: StudioAction = { id: 'zoom-out', label: 'Zoom out', keys: ['-'], perform: () => zoomBy(1 / 1.5) };
export const zoomFitAction: StudioAction = {
  id: 'zoom-fit', label: 'Fit the whole clip', keys: ['0'],
  perform: () => {
    const { project, viewWidth } = useStudio.getState();
    setView(fitView(project.duration, viewWidth));
  },
};
