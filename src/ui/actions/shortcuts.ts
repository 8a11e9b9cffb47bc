import type { StudioAction } from './types.ts';

/** The key string of a keyboard event in the registry's format ("Mod+Shift+Z"). */
export function keyOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  // Shift is part of the character for symbols ("?", "+"); only name it for letters and named keys.
  if (e.shiftKey && (/^[A-Z]$/.test(key) || key.length > 1)) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

/**
 * The action a key runs: the first in the registry with that key that is enabled now, so one key
 * can mean two things by context (arrows move a selection, or else the playhead).
 */
export function findAction(actions: readonly StudioAction[], key: string): StudioAction | undefined {
  return actions.find((a) => a.keys.includes(key) && (!a.enabled || a.enabled()));
}
