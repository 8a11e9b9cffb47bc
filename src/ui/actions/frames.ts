import { useStudio } from '../store/studio.ts';

/** One frame of the linked video (25 fps when unknown): the step of the arrow keys. */
export function frameSeconds(): number {
  const fps = useStudio.getState().project.video?.fps ?? 0;
  return 1 / (fps > 0 ? fps : 25);
}
