/**
 * The write-ahead copy of the project: written synchronously to localStorage on every change,
 * before IndexedDB (asynchronous) has it. localStorage writes leave the renderer at once, so an
 * edit followed by an immediate reload or a killed renderer still comes back. IndexedDB stays
 * the durable store (no size quota to speak of); the journal wins on restore only when its
 * revision is newer.
 */
import { projectToCompactJson } from '../../engine/project/serialize.ts';
import type { Project } from '../../engine/project/types.ts';

export const JOURNAL_KEY = 'undertone:journal';

/** A monotonic revision: later writes (from any tab of this origin) get larger numbers. */
let lastRev = 0;
export function nextRevision(): number {
  lastRev = Math.max(lastRev + 1, Date.now() * 1000);
  return lastRev;
}

export interface JournalEntry {
  readonly rev: number;
  /** The project as project JSON text (parsed and validated like any file on restore). */
  readonly text: string;
}

/** Write the project ahead; false when the browser refused (quota, storage off): IndexedDB alone then. */
export function writeJournal(project: Project, rev: number): boolean {
  try {
    localStorage.setItem(JOURNAL_KEY, `${rev}\n${projectToCompactJson(project)}`);
    return true;
  } catch {
    // A stale journal must never win over a newer IndexedDB copy.
    try { localStorage.removeItem(JOURNAL_KEY); } catch { /* storage off */ }
    return false;
  }
}

export function readJournal(): JournalEntry | null {
  let raw: string | null = null;
  try { raw = localStorage.getItem(JOURNAL_KEY); } catch { return null; }
  if (!raw) return null;
  const nl = raw.indexOf('\n');
  const rev = Number(raw.slice(0, nl));
  if (nl < 0 || !Number.isFinite(rev)) return null;
  lastRev = Math.max(lastRev, rev);
  return { rev, text: raw.slice(nl + 1) };
}

export function noteRevision(rev: number): void {
  lastRev = Math.max(lastRev, rev);
}
