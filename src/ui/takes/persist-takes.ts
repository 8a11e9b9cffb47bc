/**
 * Takes are kept in IndexedDB beside the video (the `media` store of persist/autosave.ts): the
 * records under one key, each take's audio (Float32Array, structured clone) under its own, so a
 * rename writes a few KB, not the audio. A reload gives back this clip's takes.
 *
 * Storage can run out (a minute of take is 7.7 MB): the failure is said in words, and nothing
 * else is lost — the take still plays and exports in this session, the project's autosave is
 * a separate write.
 */
import { db } from '../persist/autosave.ts';
import { notify, useStudio } from '../store/studio.ts';
import type { TakeRecord } from './takes-state.ts';

const MEDIA = 'media';
const LIST = 'takes';
const audioKey = (id: string) => `take-audio:${id}`;
const codesKey = (id: string) => `take-codes:${id}`;

interface StoredList {
  readonly takes: readonly TakeRecord[];
  readonly current: string | null;
}

/** Audio of every take seen this session: the Undo of a delete puts it back from here. */
const audio = new Map<string, Float32Array>();
/** Codes (K × frames) of takes written or read this session: the prompt of a section regenerated from them. */
const codes = new Map<string, Int32Array>();

export const isQuotaError = (e: unknown): boolean =>
  e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED');

const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

function reportWriteFailure(what: string, e: unknown): void {
  if (isQuotaError(e)) notify('error', `The browser's storage is full: ${what} is not kept after a reload (it plays and exports until then). Delete takes you do not need to make room; your project is saved as before.`);
  else notify('error', `${what} could not be kept (IndexedDB: ${why(e)}); it plays and exports until the page is reloaded.`);
}

/** Only the tab that owns the project writes (persist/tabs.ts). */
const owner = () => useStudio.getState().ownership === 'owner';

export async function writeTakeAudio(take: TakeRecord, samples: Float32Array): Promise<boolean> {
  audio.set(take.id, samples);
  if (!owner()) return false;
  try {
    await (await db()).put(MEDIA, samples, audioKey(take.id));
    return true;
  } catch (e) {
    reportWriteFailure(`“${take.name}”`, e);
    return false;
  }
}

export async function deleteTakeAudio(id: string): Promise<void> {
  if (!owner()) return;
  try {
    const d = await db();
    await d.delete(MEDIA, audioKey(id));
    await d.delete(MEDIA, codesKey(id));
  } catch { /* an orphan costs space only */ }
}

/** Hold a take's codes until it is kept (the generation that wrote them ends before the take is). */
export function holdTakeCodes(id: string, c: Int32Array): void {
  codes.set(id, c);
}

/** Keep the codes held for `take` (a few KB a minute) beside its audio; false when there were none or storage refused. */
export async function writeTakeCodes(take: TakeRecord, c = codes.get(take.id)): Promise<boolean> {
  if (!c) return false;
  codes.set(take.id, c);
  if (!owner()) return false;
  try {
    await (await db()).put(MEDIA, c, codesKey(take.id));
    return true;
  } catch (e) {
    reportWriteFailure(`The tokens of “${take.name}” (needed to regenerate a section of it)`, e);
    return false;
  }
}

/** The take's codes: from this session, else from IndexedDB; null for a take kept before codes were. */
export async function takeCodes(id: string): Promise<Int32Array | null> {
  const here = codes.get(id);
  if (here) return here;
  try {
    const v = (await (await db()).get(MEDIA, codesKey(id))) as unknown;
    if (v instanceof Int32Array) { codes.set(id, v); return v; }
  } catch { /* said by the caller */ }
  return null;
}

export async function writeTakeList(list: StoredList): Promise<void> {
  if (!owner()) return;
  try {
    await (await db()).put(MEDIA, list, LIST);
  } catch (e) {
    reportWriteFailure('The list of takes', e);
  }
}

/** The kept takes of the clip with `videoHash` (null: no video), and which one was current. */
export async function readTakeList(videoHash: string | null): Promise<StoredList> {
  try {
    const v = (await (await db()).get(MEDIA, LIST)) as StoredList | undefined;
    const takes = (v?.takes ?? []).filter((t) => t.videoHash === videoHash);
    return { takes, current: takes.some((t) => t.id === v?.current) ? v!.current : null };
  } catch {
    return { takes: [], current: null };
  }
}

/** All kept records (every clip's), so writing this clip's list keeps the others'. */
export async function readAllTakes(): Promise<readonly TakeRecord[]> {
  try {
    return ((await (await db()).get(MEDIA, LIST)) as StoredList | undefined)?.takes ?? [];
  } catch {
    return [];
  }
}

/** The take's audio: from this session, else from IndexedDB; null when it was not kept. */
export async function takeAudio(id: string): Promise<Float32Array | null> {
  const here = audio.get(id);
  if (here) return here;
  try {
    const v = (await (await db()).get(MEDIA, audioKey(id))) as unknown;
    if (v instanceof Float32Array) { audio.set(id, v); return v; }
  } catch { /* said by the caller */ }
  return null;
}
