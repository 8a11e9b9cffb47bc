/** A one-line description of what a project holds, for notices ("“clip”: 12 points, 3 notes, 120 BPM"). */
import { ALL_LANES } from './lanes.ts';
import type { LaneData } from './lane-spec.ts';
import type { Project } from './types.ts';

export function projectSummary(project: Project): string {
  const all = project.lanes as unknown as Record<string, LaneData>;
  const parts = ALL_LANES.flatMap((s) => s.summary(all[s.id]));
  // Counts of the same thing add up across lanes ("points" of three curves); phrases follow them.
  const counts = new Map<string, { n: number; many: string }>();
  const texts: string[] = [];
  for (const p of parts) {
    if ('text' in p) texts.push(p.text);
    else counts.set(p.one, { n: (counts.get(p.one)?.n ?? 0) + p.count, many: p.many });
  }
  const words = [...counts].map(([one, { n, many }]) => `${n} ${n === 1 ? one : many}`);
  const phrases = [...words, ...texts];
  return `“${project.name}” (${phrases.length ? phrases.join(', ') : 'no curves drawn'})`;
}
