/** Whether lanes stay within the project limits (limits.ts): edits that would not are refused. */
import { ALL_LANES } from './lanes.ts';
import { LIMITS } from './limits.ts';
import type { Lanes } from './types.ts';

/** Why these lanes break a count limit (the first one found), or null. */
export function countLimitError(lanes: Lanes): string | null {
  const all = lanes as unknown as Record<string, Parameters<(typeof ALL_LANES)[number]['counts']>[0]>;
  const checks = ALL_LANES.flatMap((s) => s.counts(all[s.id]));
  const spans = Math.max(...ALL_LANES.map((s) => all[s.id].free.length));
  const over = [...checks, { n: spans, max: LIMITS.maxSpans, what: 'free spans on one lane' }].find((c) => c.n > c.max);
  return over ? `A project holds at most ${over.max} ${over.what}.` : null;
}
