/** Edit tools, snapping, zoom and undo/redo: each button runs the same action as its shortcut. */
import { redoAction } from './actions/redo.ts';
import { snapAction } from './actions/toggles.ts';
import { drawToolAction, freeToolAction, selectToolAction } from './actions/tools.ts';
import type { StudioAction } from './actions/types.ts';
import { undoAction } from './actions/undo.ts';
import { zoomFitAction, zoomInAction, zoomOutAction } from './actions/zoom.ts';
import { useStudio, type Tool } from './store/studio.ts';

function ActionButton({ action, text, pressed, testId }: { action: StudioAction; text: string; pressed?: boolean; testId?: string }) {
  useStudio((s) => s.history); // re-render when undo availability changes
  useStudio((s) => s.replaced.length + s.reloaded.length);
  const enabled = action.enabled ? action.enabled() : true;
  return (
    <button type="button" className={pressed ? 'pressed' : undefined} aria-pressed={pressed} disabled={!enabled}
      title={`${action.label} (${action.keys[0]})`} onClick={action.perform} data-testid={testId ?? action.id}>
      {text}
    </button>
  );
}

const TOOLS: [Tool, StudioAction, string][] = [
  ['select', selectToolAction, 'Select'],
  ['draw', drawToolAction, 'Draw'],
  ['free', freeToolAction, 'Free'],
];

export function Toolbar() {
  const tool = useStudio((s) => s.tool);
  const snap = useStudio((s) => s.project.settings.snapToBeats);
  return (
    <div className="toolbar" role="toolbar" aria-label="Edit tools">
      <div className="group">
        {TOOLS.map(([id, action, text]) => <ActionButton key={id} action={action} text={text} pressed={tool === id} />)}
      </div>
      <div className="group">
        <ActionButton action={snapAction} text="Snap" pressed={snap} />
      </div>
      <div className="group">
        <ActionButton action={undoAction} text="↶ Undo" />
        <ActionButton action={redoAction} text="↷ Redo" />
      </div>
      <div className="group">
        <ActionButton action={zoomOutAction} text="−" />
        <ActionButton action={zoomFitAction} text="Fit" />
        <ActionButton action={zoomInAction} text="+" />
      </div>
    </div>
  );
}
