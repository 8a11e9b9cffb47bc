import { planToMidi } from '../../engine/export/midi/plan.ts';
import type { Project } from '../../engine/project/types.ts';
import { downloadBlob, safeFileName } from '../persist/download.ts';
import { useStudio } from '../store/studio.ts';
import { useTakes } from '../takes/takes-state.ts';
import type { StudioAction } from './types.ts';

/**
 * What Export MIDI writes: with a take in use, the plan that take was written from (its lanes as
 * they were), so the MIDI lines up with the take's WAV / MP4 even after the lanes were edited;
 * without one, the plan as it is now. The file is named after the take too.
 */
export function midiPlan(): { project: Project; fileName: string } {
  const project = useStudio.getState().project;
  const { takes, current } = useTakes.getState();
  const take = takes.find((t) => t.id === current);
  if (!take) return { project, fileName: `${safeFileName(project.name)}.mid` };
  return { project: { ...project, lanes: take.lanes }, fileName: `${safeFileName(`${project.name} - ${take.name}`)}.mid` };
}

/**
 * Download the plan (tempo map, meter, melody, chords) as a MIDI file for a DAW
 * (docs/midi-export.md). It needs no take: the plan exists without audio. Changes nothing, so no undo step.
 */
export const exportMidiAction: StudioAction = {
  id: 'export-midi', label: 'Export the plan (tempo map, melody, chords) as a MIDI file — the take in use’s plan when there is one', keys: ['Shift+M'],
  perform: () => {
    const { project, fileName } = midiPlan();
    const bytes = planToMidi(project);
    downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/midi' }), fileName);
  },
};
