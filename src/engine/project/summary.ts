/** A one-line description of what a project holds, for notices ("“clip”: 12 points, 3 notes, 120 BPM"). */
import type { Project } from './types.ts';

export function projectSummary(project: Project): string {
  const l = project.lanes;
  const points = l.intensity.points.length + l.valence.points.length + l.arousal.points.length;
  const notes = l.melody.notes.length;
  const parts: string[] = [];
  if (points) parts.push(`${points} point${points === 1 ? '' : 's'}`);
  if (notes) parts.push(`${notes} note${notes === 1 ? '' : 's'}`);
  if (l.rhythm.tempo.length) {
    const bpm = l.rhythm.tempo.map((p) => Math.round(p.v));
    const lo = Math.min(...bpm), hi = Math.max(...bpm);
    parts.push(lo === hi ? `${lo} BPM` : `${lo}–${hi} BPM`);
  }
  return `“${project.name}” (${parts.length ? parts.join(', ') : 'no curves drawn'})`;
}
