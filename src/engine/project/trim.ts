/**
 * A project cut to its duration, for a file: lanes drawn past the end of a shorter video that was
 * linked later are left out (a file's times lie within its duration; docs/project-format.md).
 * Returns how many points, notes, beats, spans and takes were left out, so the studio can say so.
 */
import type { Curve, FreeSpan, Project, Seconds } from './types.ts';

export function trimToDuration(project: Project): { project: Project; dropped: number } {
  const d = project.duration;
  let dropped = 0;
  const keep = <T>(xs: readonly T[], ok: (x: T) => boolean): T[] => {
    const out = xs.filter(ok);
    dropped += xs.length - out.length;
    return out;
  };
  const curve = (c: Curve) => keep(c, (p) => p.t <= d);
  const spans = (s: readonly FreeSpan[]) => keep(s, (x) => x.start < d).map((x) => ({ start: x.start, end: Math.min(x.end, d) }));
  const within = (t: Seconds) => t <= d;
  const l = project.lanes;
  const trimmed: Project = {
    ...project,
    lanes: {
      rhythm: { ...l.rhythm, tempo: curve(l.rhythm.tempo), moved: keep(l.rhythm.moved, (m) => within(m.t)),
        added: keep(l.rhythm.added, within), free: spans(l.rhythm.free),
        phase: Math.max(-d, Math.min(d, l.rhythm.phase)) },
      intensity: { ...l.intensity, points: curve(l.intensity.points), free: spans(l.intensity.free) },
      melody: { ...l.melody, notes: keep(l.melody.notes, (n) => n.start < d).map((n) => ({ ...n, end: Math.min(n.end, d) })), free: spans(l.melody.free) },
      valence: { ...l.valence, points: curve(l.valence.points), free: spans(l.valence.free) },
      arousal: { ...l.arousal, points: curve(l.arousal.points), free: spans(l.arousal.free) },
    },
    settings: { ...project.settings, loop: project.settings.loop && project.settings.loop.start < d
      ? { start: project.settings.loop.start, end: Math.min(project.settings.loop.end, d) } : null },
    takes: keep(project.takes, (t) => t.start < d).map((t) => ({ ...t, end: Math.min(t.end, d) })),
  };
  return dropped === 0 && trimmed.settings.loop === project.settings.loop ? { project, dropped } : { project: trimmed, dropped };
}
