import { planToMidi } from '../../engine/export/midi/plan.ts';
import { downloadBlob, safeFileName } from '../persist/download.ts';
import { useStudio } from '../store/studio.ts';
import type { StudioAction } from './types.ts';

/**
 * Download the plan (tempo map, meter, melody, chords) as "<project name>.mid" for a DAW
 * (docs/midi-export.md). It needs no take: the plan exists without audio. Changes nothing, so no undo step.
 */
export const exportMidiAction: StudioAction = {
  id: 'export-midi', label: 'Export the plan (tempo map, melody, chords) as a MIDI file', keys: ['Shift+M'],
  perform: () => {
    const project = useStudio.getState().project;
    const bytes = planToMidi(project);
    downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/midi' }), `${safeFileName(project.name)}.mid`);
  },
};
