/**
 * Which created-control cases `npm run eval` runs, and with which seeds (issue 14, after the
 * paper's App. D.3; the sets themselves are in created/). Fixed lists, so two runs compare:
 * the full mode runs every case of created/sets.ts for 10 s with FULL_SEEDS; the quick mode runs
 * one case of each set for 4 s with QUICK_SEEDS, so CI sees every set's path in seconds.
 */
import { createdCases, type EvalCase } from './created/sets.ts';

export type { EvalCase } from './created/sets.ts';

/** Seeds of the quick mode. */
export const QUICK_SEEDS: readonly number[] = [0, 1];
/** Seeds of the full protocol: every case with each (the paper instead crosses each case with 50 videos). */
export const FULL_SEEDS: readonly number[] = [0, 1, 2];

export const QUICK_SECONDS = 4;
/**
 * One case per set: an S-curve of intensity, valence crossing zero upwards while arousal falls,
 * a ritardando (a tempo that moves within 4 s), and Ode to Joy with its chords.
 */
export const QUICK_CASE_NAMES: readonly string[] = [
  'intensity/tanh-12db',
  'emotion/v-rising-crossing+a-falling-positive',
  'rhythm/ritardando-4-103-74-x1.0',
  'melody/ode-to-joy',
];

export function quickCases(): EvalCase[] {
  const all = createdCases(QUICK_SECONDS);
  return QUICK_CASE_NAMES.map((n) => {
    const c = all.find((x) => x.name === n);
    if (!c) throw new Error(`quick case ${n} is not in the created sets`);
    return c;
  });
}

/**
 * The full protocol's cases. `perSet` keeps n of each set, spread over it: a smoke run of the full
 * mode.
 */
export function fullCases(perSet = Infinity, seconds?: number): EvalCase[] {
  const all = createdCases(seconds);
  const sets = [...new Set(all.map((c) => c.set))];
  return sets.flatMap((set) => {
    const own = all.filter((c) => c.set === set);
    if (perSet >= own.length) return own;
    // the k-th pick sits k places into the k-th of perSet equal spans, so the picks differ in
    // every parameter (shape and range, preset and stretch), not only in the slowest-varying one
    const span = Math.floor(own.length / perSet);
    return Array.from({ length: perSet }, (_, k) => own[Math.floor((k * own.length) / perSet) + (k % span)]);
  });
}
