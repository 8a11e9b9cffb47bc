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

export function findAction(actions: readonly StudioAction[], key: string): StudioAction | undefined {
  return actions.find((a) => a.keys.includes(key));
}
