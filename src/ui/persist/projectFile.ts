/** Save the project to a JSON file and load one back (curves, settings, takes metadata). */
import { projectFromJson, projectToJson } from '../../engine/project/serialize.ts';
import { loadProject, notify, useStudio } from '../store/studio.ts';
import { downloadBlob, safeFileName } from './download.ts';

export const PROJECT_EXTENSION = '.undertone.json';

export function saveProjectFile(): void {
  const { project } = useStudio.getState();
  downloadBlob(new Blob([projectToJson(project)], { type: 'application/json' }), `${safeFileName(project.name)}${PROJECT_EXTENSION}`);
  notify('info', `Saved ${safeFileName(project.name)}${PROJECT_EXTENSION}.`);
}

/** Load a project file. A bad file leaves the current project untouched and says why. */
export async function loadProjectFromFile(file: File): Promise<boolean> {
  let project;
  try {
    project = projectFromJson(await file.text());
  } catch (err) {
    notify('error', `Could not open “${file.name}”: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  const media = useStudio.getState().media.file;
  loadProject(project);
  const v = project.video;
  if (v && !(media && media.name === v.name && media.size === v.size)) {
    notify('info', `Loaded “${project.name}”. Open its video “${v.name}” to re-link it.`);
  } else {
    notify('info', `Loaded “${project.name}”.`);
  }
  return true;
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
