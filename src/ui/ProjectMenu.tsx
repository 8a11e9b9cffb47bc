import { openProjectAction, saveProjectAction } from './actions/projectFile.ts';
import { referenceTrackAction } from './actions/referenceTrack.ts';
import { helpAction } from './actions/toggles.ts';

export function ProjectMenu() {
  return (
    <>
      <button type="button" onClick={referenceTrackAction.perform} title="Take curves from a piece of music (R)" data-testid="reference-button">Reference track…</button>
      <button type="button" onClick={openProjectAction.perform} title="Open a project file (Ctrl+O)" data-testid="open-project">Open project…</button>
      <button type="button" onClick={saveProjectAction.perform} title="Save the project as a file (Ctrl+S)" data-testid="save-project">Save project</button>
      <button type="button" onClick={helpAction.perform} title="Shortcuts (?)" aria-label="Help" data-testid="help-button">?</button>
    </>
  );
}
