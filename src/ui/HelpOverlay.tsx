import { ACTIONS, GESTURES } from './actions/registry.ts';
import { setHelpOpen, useStudio } from './store/studio.ts';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

const ARROWS: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓' };

function showKey(k: string): string {
  return k.replace('Mod', isMac ? '⌘' : 'Ctrl').replace(/Arrow(Left|Right|Up|Down)/, (a) => ARROWS[a]);
}

/** Every shortcut and gesture, generated from the action registry so it cannot go stale. */
export function HelpOverlay() {
  const open = useStudio((s) => s.helpOpen);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-label="Keyboard shortcuts" data-testid="help" onClick={() => setHelpOpen(false)}>
      <div className="overlay-card" onClick={(e) => e.stopPropagation()}>
        <h2>Shortcuts</h2>
        <table>
          <tbody>
            <tr><td><kbd>Space</kbd></td><td>Play / pause</td></tr>
            {ACTIONS.map((a) => (
              <tr key={a.id}><td>{a.keys.map((k) => <kbd key={k}>{showKey(k)}</kbd>)}</td><td>{a.label}</td></tr>
            ))}
          </tbody>
        </table>
        <h2>Mouse</h2>
        <table>
          <tbody>
            {GESTURES.map(([g, what]) => <tr key={g}><td>{g}</td><td>{what}</td></tr>)}
          </tbody>
        </table>
        <button type="button" onClick={() => setHelpOpen(false)}>Close</button>
      </div>
    </div>
  );
}
