/**
 * One analysis per clip: the outcome of the video analysis is kept in IndexedDB beside the
 * autosaved project, keyed by the clip's hash (VideoRef.hash), with the lanes the person
 * accepted from it. Opening the same clip again — after a reload, or in a project that links
 * it — shows that answer at once instead of analysing again; "Analyse again" replaces it.
 */
import type { LaneId } from '../../engine/project/types.ts';
import type { AnalysisOutcome } from '../analysis/run-analysis.ts';
import { ANALYSIS, db } from './autosave.ts';

export interface CachedAnalysis {
  readonly outcome: AnalysisOutcome;
  readonly accepted: readonly LaneId[];
}

/** Only the newest few clips are kept: descriptors are ~100 KB a minute of video. */
const KEEP = 20;
/**
 * Bumped when the analysis gives another answer for the same clip (2: motion per second of source
 * time, docs/video.md), so an answer kept from before is not shown; old entries age out by KEEP.
 */
const ANSWER_VERSION = 2;
const key = (hash: string): string => `v${ANSWER_VERSION}:${hash}`;

export async function cachedAnalysis(hash: string): Promise<CachedAnalysis | null> {
  try {
    const v = (await (await db()).get(ANALYSIS, key(hash))) as (CachedAnalysis & { at: number }) | undefined;
    return v ? { outcome: v.outcome, accepted: v.accepted } : null;
  } catch {
    return null; // no cache is only slower
  }
}

export async function cacheAnalysis(hash: string, entry: CachedAnalysis): Promise<void> {
  try {
    const d = await db();
    await d.put(ANALYSIS, { ...entry, at: Date.now() }, key(hash));
    const keys = (await d.getAllKeys(ANALYSIS)) as string[];
    if (keys.length > KEEP) {
      const all = await Promise.all(keys.map(async (k) => ({ k, at: ((await d.get(ANALYSIS, k)) as { at: number }).at })));
      all.sort((a, b) => a.at - b.at);
      await Promise.all(all.slice(0, keys.length - KEEP).map((e) => d.delete(ANALYSIS, e.k)));
    }
  } catch {
    /* a full quota costs only the cache */
  }
}
