/**
 * Every edit is saved to IndexedDB (debounced) and restored after a reload or a crash. The
 * opened video is stored beside it (as a Blob, up to a size limit) so a reload brings it back.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { projectFromJson, projectToJson } from '../../engine/project/serialize.ts';
import { loadProject, markRestored, notify, useStudio } from '../store/studio.ts';

const DB_NAME = 'undertone';
const DB_VERSION = 1;
const PROJECTS = 'projects';
const MEDIA = 'media';
const CURRENT = 'current';
/** Videos larger than this are not copied into IndexedDB (quota); the project re-links them by name. */
export const MAX_STORED_VIDEO = 512 * 1024 * 1024;
const DEBOUNCE_MS = 300;

let dbPromise: Promise<IDBPDatabase> | null = null;

function db(): Promise<IDBPDatabase> {
  dbPromise ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(d) {
      d.createObjectStore(PROJECTS);
      d.createObjectStore(MEDIA);
    },
  });
  return dbPromise;
}

export async function saveNow(): Promise<void> {
  const { project } = useStudio.getState();
  await (await db()).put(PROJECTS, projectToJson(project), CURRENT);
}

export async function storeVideo(file: File): Promise<void> {
  const d = await db();
  if (file.size > MAX_STORED_VIDEO) {
    await d.delete(MEDIA, CURRENT);
    return;
  }
  await d.put(MEDIA, file, CURRENT);
}

export async function storedVideo(): Promise<File | null> {
  const v = (await (await db()).get(MEDIA, CURRENT)) as unknown;
  return v instanceof File ? v : v instanceof Blob ? new File([v], 'video') : null;
}

/**
 * Restore the last project (if any), then save on every change. Returns a function that stops
 * autosaving. A corrupt stored project is reported and left in place (not overwritten) until the
 * person edits, so nothing is silently lost.
 */
export async function startAutosave(onVideo?: (file: File) => void): Promise<() => void> {
  try {
    const text = (await (await db()).get(PROJECTS, CURRENT)) as string | undefined;
    if (text) {
      try {
        loadProject(projectFromJson(text));
        const video = await storedVideo();
        if (video && onVideo) onVideo(video);
      } catch (err) {
        notify('error', `The autosaved project could not be restored: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  } catch (err) {
    notify('error', `Autosave is unavailable (IndexedDB: ${err instanceof Error ? err.message : String(err)}). Save the project to a file to keep your work.`);
    markRestored();
    return () => {};
  }
  markRestored();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = useStudio.getState().project;
  const flush = () => {
    timer = null;
    saveNow().catch((err) => notify('error', `Autosave failed: ${err instanceof Error ? err.message : String(err)}`));
  };
  const unsubscribe = useStudio.subscribe((s) => {
    if (s.project === last) return;
    last = s.project;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  const onHide = () => {
    if (timer) {
      clearTimeout(timer);
      flush();
    }
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', onHide);
    document.removeEventListener('visibilitychange', onHide);
  };
}
