/**
 * Stopping criteria, as in transformers.js: checked after every step; generation stops when any
 * says so. The AbortSignal is one of them, so a person's cancel is honoured between two steps
 * and what was written stays.
 */

export interface StopState {
  /** Steps written so far. */
  readonly steps: number;
  /** Steps the clip needs (frames + max delay). */
  readonly total: number;
}

export type StopReason = 'done' | 'aborted' | 'stopped';

/** Returns a reason to stop, or null to go on. */
export type StoppingCriterion = (s: StopState) => StopReason | null;

export const allStepsWritten: StoppingCriterion = (s) => (s.steps >= s.total ? 'done' : null);

export function abortCriterion(signal: AbortSignal | undefined): StoppingCriterion {
  return () => (signal?.aborted ? 'aborted' : null);
}

export function firstStop(criteria: readonly StoppingCriterion[], s: StopState): StopReason | null {
  for (const c of criteria) {
    const r = c(s);
    if (r) return r;
  }
  return null;
}
