/**
 * A project cut to its duration, for a file: lanes drawn past the end of a shorter video that was
 * linked later are left out (a file's times lie within its duration; docs/project-format.md).
 * Returns how many points, notes, chords, beats, spans and takes were left out, so the studio can say so.
 */
import { ALL_LANES } from './lanes.ts';
import type { LaneData } from './lane-spec.ts';
import type { Lanes, Project } from './types.ts';

export function trimToDuration(project: Project): { project: Project; dropped: number } {
  const d = project.duration;
  let dropped = 0;
  const all = project.lanes as unknown as Record<string, LaneData>;
  const lanes = Object.fromEntries(ALL_LANES.map((s) => {
    const t = s.trim(all[s.id], d);
    dropped += t.dropped;
    return [s.id, t.lane];
  })) as unknown as Lanes;
  const takes = project.takes.filter((t) => t.start < d).map((t) => ({ ...t, end: Math.min(t.end, d) }));
  dropped += project.takes.length - takes.length;
  const loop = project.settings.loop && project.settings.loop.start < d
    ? { start: project.settings.loop.start, end: Math.min(project.settings.loop.end, d) } : null;
  if (dropped === 0 && loop === project.settings.loop) return { project, dropped };
  return { project: { ...project, lanes, settings: { ...project.settings, loop }, takes }, dropped };
}
