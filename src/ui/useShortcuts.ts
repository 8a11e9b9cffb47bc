import { useEffect } from 'react';
import { ACTIONS } from './actions/registry.ts';
import { findAction, keyOf } from './actions/shortcuts.ts';
import { useStudio } from './store/studio.ts';

/** Route key presses to the action registry, except while typing in a field. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      // Another tab owns the project: this one is read-only (TabGuard says so).
      if (useStudio.getState().ownership === 'elsewhere') return;
      const action = findAction(ACTIONS, keyOf(e));
      if (!action) return;
      e.preventDefault();
      action.perform();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
