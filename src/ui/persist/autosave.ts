/**
 * Nothing is lost: every change of the project is written ahead to localStorage at once
 * (journal.ts) and to IndexedDB within a bounded time — debounced while edits come quickly, but
 * never later than MAX_WAIT_MS after the first unsaved one, and at once when the page is hidden
 * or unloaded. On start the newer of the two copies is restored. Only the tab that owns the
 * project (tabs.ts) writes; the opened video is stored beside it so a reload brings it back.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { projectFromJson, projectToCompactJson } from '../../engine/project/serialize.ts';
import type { Project } from '../../engine/project/types.ts';
import { loadProject, markRestored, notify, setOwnership, useStudio } from '../store/studio.ts';
import { autosaveDescriptors, restoreDescriptors } from './descriptors.ts';
import { nextRevision, noteRevision, readJournal, writeJournal } from './journal.ts';
import { claimProject, type TabClaim } from './tabs.ts';

const DB_NAME = 'undertone';
/** 2 added the `analysis` store (analysisCache.ts). */
const DB_VERSION = 2;
const PROJECTS = 'projects';
const MEDIA = 'media';
export const ANALYSIS = 'analysis';
const CURRENT = 'current';
const CURRENT_REV = 'current-rev';
/** Videos larger than this are not copied into IndexedDB (quota); the project re-links them by name. */
export const MAX_STORED_VIDEO = 512 * 1024 * 1024;
/** Quiet time after an edit before it is written to IndexedDB… */
export const DEBOUNCE_MS = 300;
/** …but an unsaved edit never waits longer than this, however long a burst of edits lasts. */
export const MAX_WAIT_MS = 1000;

let dbPromise: Promise<IDBPDatabase> | null = null;

export function db(): Promise<IDBPDatabase> {
  dbPromise ??= openDB(DB_NAME, DB_VERSION, {
    upgrade(d, oldVersion) {
      if (oldVersion < 1) {
        d.createObjectStore(PROJECTS);
        d.createObjectStore(MEDIA);
      }
      if (oldVersion < 2) d.createObjectStore(ANALYSIS);
    },
    // Another tab with an older studio holds the database open: it closes its copy so ours can upgrade.
    blocking() {
      void dbPromise?.then((d) => d.close());
      dbPromise = null;
    },
  });
  return dbPromise;
}

async function writeProject(project: Project, rev: number): Promise<void> {
  const tx = (await db()).transaction(PROJECTS, 'readwrite');
  await Promise.all([tx.store.put(projectToCompactJson(project), CURRENT), tx.store.put(rev, CURRENT_REV), tx.done]);
}

/** Write the current project now (journal and IndexedDB). */
export async function saveNow(): Promise<void> {
  const rev = nextRevision();
  const { project } = useStudio.getState();
  writeJournal(project, rev);
  await writeProject(project, rev);
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

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The newest stored project that parses (journal or IndexedDB), or null when none is stored. */
async function newestStored(): Promise<Project | null> {
  const d = await db();
  const [text, rev] = (await Promise.all([d.get(PROJECTS, CURRENT), d.get(PROJECTS, CURRENT_REV)])) as [string | undefined, number | undefined];
  const copies = [readJournal(), text ? { rev: typeof rev === 'number' ? rev : 0, text } : null]
    .filter((c) => c !== null)
    .sort((a, b) => b.rev - a.rev);
  let firstError: unknown = null;
  for (const c of copies) {
    try {
      noteRevision(c.rev);
      return projectFromJson(c.text, { trusted: true });
    } catch (err) {
      firstError ??= err;
    }
  }
  if (firstError) throw firstError;
  return null;
}

/**
 * Restore the last project (if any), then save on every change while this tab owns the project.
 * Returns a function that stops autosaving. A corrupt stored project is reported and left in
 * place (not overwritten) until the person edits, so nothing is silently lost.
 */
export async function startAutosave(onVideo?: (file: File) => void): Promise<() => void> {
  const restore = async (first: boolean) => {
    try {
      const before = useStudio.getState().project.video?.hash;
      const project = await newestStored();
      if (project) {
        loadProject(project);
        last = useStudio.getState().project;
        if (onVideo && project.video && (first || project.video.hash !== before)) {
          const video = await storedVideo();
          if (video) onVideo(video);
        }
        await restoreDescriptors();
      }
    } catch (err) {
      notify('error', `The autosaved project could not be restored: ${message(err)}`);
    }
  };

  let last: Project = useStudio.getState().project;
  try {
    await db();
  } catch (err) {
    notify('error', `Autosave is unavailable (IndexedDB: ${message(err)}). Save the project to a file to keep your work.`);
    markRestored();
    setOwnership('owner');
    return () => {};
  }

  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstPending = 0;
  let pendingRev = 0;
  let owner = false;
  let started = false;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pendingRev || !owner) return;
    const rev = pendingRev;
    pendingRev = 0;
    writeProject(useStudio.getState().project, rev).catch((err) => notify('error', `Autosave failed: ${message(err)}`));
  };
  const unsubscribe = useStudio.subscribe((s) => {
    if (s.project === last) return;
    last = s.project;
    if (!owner) return;
    // Write-ahead first: synchronous, so it survives an immediate reload or a renderer crash.
    pendingRev = nextRevision();
    writeJournal(s.project, pendingRev);
    const now = performance.now();
    if (!timer) firstPending = now;
    else clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(DEBOUNCE_MS, firstPending + MAX_WAIT_MS - now)));
  });
  const stopDescriptors = autosaveDescriptors(() => owner, (err) => notify('error', `Autosave of the video analysis failed: ${message(err)}`));
  const onHide = () => flush();
  window.addEventListener('pagehide', onHide);
  window.addEventListener('beforeunload', onHide);
  document.addEventListener('visibilitychange', onHide);

  let initial: () => void = () => {};
  const ready = new Promise<void>((resolve) => { initial = resolve; });
  const claim: TabClaim = claimProject({
    gained: () => {
      void (async () => {
        // Whatever the last owner wrote is the truth now (it may be another tab's newer work).
        await restore(!started);
        owner = true;
        setOwnership('owner');
        started = true;
        initial();
      })();
    },
    lost: () => {
      flush();
      owner = false;
      setOwnership('elsewhere');
      if (!started) {
        started = true;
        // Show the saved project read-only under the "open in another tab" notice.
        void restore(true).then(initial);
      }
    },
  });
  takeOver = () => claim.takeOver();
  await ready;
  markRestored();
  return () => {
    flush();
    unsubscribe();
    stopDescriptors();
    claim.stop();
    window.removeEventListener('pagehide', onHide);
    window.removeEventListener('beforeunload', onHide);
    document.removeEventListener('visibilitychange', onHide);
  };
}

let takeOver: () => void = () => {};

/** Take the project over from the tab that owns it. */
export function takeOverProject(): void {
  takeOver();
}
