/**
 * Download a take as WAV, named after the video, in the format and rate of the settings. Real,
 * but nothing calls it until generation produces takes (the Export button says so).
 */
import { exportFileName, takeToWav } from '../../engine/audio/export.ts';
import type { Project } from '../../engine/project/types.ts';
import { downloadBlob } from '../persist/download.ts';

export function downloadTake(channels: readonly Float32Array[], project: Project): string {
  const bytes = takeToWav(channels, { format: project.settings.exportFormat, rate: project.settings.exportRate });
  const name = exportFileName(project.video?.name ?? null, project.name);
  downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), name);
  return name;
}
