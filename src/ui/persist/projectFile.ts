/** Save the project to a JSON file and load one back (curves, settings, takes metadata). */
import { projectSummary } from '../../engine/project/summary.ts';
import { trimToDuration } from '../../engine/project/trim.ts';
import { projectFromJson, projectToJson } from '../../engine/project/serialize.ts';
import { notify, replaceProject, undoEdit, useStudio } from '../store/studio.ts';
import { downloadBlob, safeFileName } from './download.ts';

export const PROJECT_EXTENSION = '.undertone.json';
/** Larger files are refused before parsing: no real project comes near it, and parsing would stall the tab. */
export const MAX_PROJECT_FILE = 16 * 1024 * 1024;

export function saveProjectFile(): void {
  // A file holds what lies within the duration; lanes drawn past the end of a shorter video stay here.
  const { project, dropped } = trimToDuration(useStudio.getState().project);
  downloadBlob(new Blob([projectToJson(project)], { type: 'application/json' }), `${safeFileName(project.name)}${PROJECT_EXTENSION}`);
  const left = dropped ? ` ${dropped} point${dropped === 1 ? '' : 's'}, notes or spans past the video's end were left out of the file.` : '';
  notify('info', `Saved ${safeFileName(project.name)}${PROJECT_EXTENSION}.${left}`);
}

/**
 * Load a project file in place of the current project, as one undo step. A bad file leaves the
 * current project untouched and says why; a good one says what it replaced.
 */
export async function loadProjectFromFile(file: File): Promise<boolean> {
  let project;
  try {
    if (file.size > MAX_PROJECT_FILE) throw new Error(`the file is ${(file.size / 1024 ** 2).toFixed(0)} MB; project files are at most ${MAX_PROJECT_FILE / 1024 ** 2} MB.`);
    project = projectFromJson(await file.text());
  } catch (err) {
    notify('error', `Could not open “${file.name}”: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  const media = useStudio.getState().media.file;
  const before = replaceProject(project);
  const v = project.video;
  const relink = v && !(media && media.name === v.name && media.size === v.size) ? ` Open its video “${v.name}” to re-link it.` : '';
  notify('info', `Loaded “${project.name}”; it replaced ${projectSummary(before.project)} — Undo (Ctrl+Z) brings that back.${relink}`,
    { label: 'Undo', perform: undoLoad });
  return true;
}

/** Undo every edit since the load, then the load itself (the notice's button). */
function undoLoad(): void {
  while (useStudio.getState().history.past.length > 0) undoEdit();
  undoEdit();
}

/** Ask for a project file with the browser's picker. */
export function openProjectFile(): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = `.json,application/json`;
  input.onchange = () => {
    const file = input.files?.[0];
    if (file) void loadProjectFromFile(file);
  };
  input.click();
}
