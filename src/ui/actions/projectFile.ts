import { openProjectFile, saveProjectFile } from '../persist/projectFile.ts';
import type { StudioAction } from './types.ts';

export const saveProjectAction: StudioAction = {
  id: 'save-project', label: 'Save the project as a JSON file', keys: ['Mod+S'], perform: saveProjectFile,
};
export const openProjectAction: StudioAction = {
  id: 'open-project', label: 'Open a project JSON file', keys: ['Mod+O'], perform: openProjectFile,
};
