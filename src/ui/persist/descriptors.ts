/**
 * The video descriptors (the model's video condition) are autosaved beside the project: in the
 * `media` store of the same IndexedDB, under their clip's hash, written when analysis gives new
 * ones and read back when the project is restored. Typed arrays are stored as they are
 * (structured clone), ~100 KB a minute of video; the project file itself does not change.
 */
import type { VideoDescriptors } from '../../engine/generate/inputs.ts';
import { setDescriptors, useStudio } from '../store/studio.ts';
import { db } from './autosave.ts';

const MEDIA = 'media';
const KEY = 'descriptors';

interface Stored {
  readonly hash: string;
  readonly video: VideoDescriptors;
}

export async function writeDescriptors(d: Stored): Promise<void> {
  await (await db()).put(MEDIA, d, KEY);
}

/** The kept descriptors when they belong to the clip with `hash`, else null. */
export async function readDescriptors(hash: string): Promise<Stored | null> {
  const v = (await (await db()).get(MEDIA, KEY)) as Stored | undefined;
  return v && v.hash === hash ? v : null;
}

/** After a restore: the project's clip gets its descriptors back (unless analysis already gave some). */
export async function restoreDescriptors(): Promise<void> {
  const hash = useStudio.getState().project.video?.hash;
  if (!hash || useStudio.getState().descriptors?.hash === hash) return;
  const kept = await readDescriptors(hash);
  if (kept && useStudio.getState().project.video?.hash === hash && useStudio.getState().descriptors?.hash !== hash) setDescriptors(kept);
}

/** Writes new descriptors as they come (analysis gives them once per clip). Returns the unsubscribe. */
export function autosaveDescriptors(owner: () => boolean, onError: (e: unknown) => void): () => void {
  return useStudio.subscribe((s, prev) => {
    if (s.descriptors === prev.descriptors || !s.descriptors || !owner()) return;
    writeDescriptors(s.descriptors).catch(onError);
  });
}
