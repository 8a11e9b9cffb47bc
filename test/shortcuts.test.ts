import { describe, expect, it } from 'vitest';
import { findAction, keyOf } from '../src/ui/actions/shortcuts.ts';
import type { StudioAction } from '../src/ui/actions/types.ts';

describe('findAction', () => {
  let selected = false;
  const move: StudioAction = { id: 'move', label: 'move', keys: ['ArrowLeft'], enabled: () => selected, perform: () => {} };
  const seek: StudioAction = { id: 'seek', label: 'seek', keys: ['ArrowLeft'], perform: () => {} };
  it('picks the first enabled action for a key, so one key can mean two things by context', () => {
    expect(findAction([move, seek], 'ArrowLeft')?.id).toBe('seek');
    selected = true;
    expect(findAction([move, seek], 'ArrowLeft')?.id).toBe('move');
  });
  it('names Shift for letters and named keys only', () => {
    expect(keyOf({ key: 'L', shiftKey: true, ctrlKey: false, metaKey: false, altKey: false })).toBe('Shift+L');
    expect(keyOf({ key: 'ArrowRight', shiftKey: true, ctrlKey: false, metaKey: false, altKey: false })).toBe('Shift+ArrowRight');
    expect(keyOf({ key: '?', shiftKey: true, ctrlKey: false, metaKey: false, altKey: false })).toBe('?');
  });
});
