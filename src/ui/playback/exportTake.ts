/**
 * Download a take as WAV, named after the video, in the format and rate of the settings. Real,
 * but nothing calls it until generation produces takes (the Export button says so).
 */
import { exportFileName, takeToWav, type Resampler } from '../../engine/audio/export.ts';
import type { Project } from '../../engine/project/types.ts';

export function downloadTake(channels: readonly Float32Array[], project: Project, resample: Resampler): string {
  const bytes = takeToWav(channels, { format: project.settings.exportFormat, rate: project.settings.exportRate }, resample);
  const name = exportFileName(project.video?.name ?? null, project.name);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000); // after the download has taken the data
  return name;
}
