import { beforeEach, describe, expect, it } from 'vitest';
import { addTakeRecord, nextTakeName, removeTake, renameTake, setTakes, toggleStar, useTakes, type TakeRecord } from '../../src/ui/takes/takes-state.ts';

const take = (id: string, name: string): TakeRecord => ({
  id, name, starred: false, createdAt: 0, videoHash: 'h', lanes: {} as TakeRecord['lanes'],
  settings: { seed: 1, guidanceScale: null, temperature: null, ensemble: 'auto' },
  pack: { id: 'tiny-pack', sha256: null }, start: 0, seconds: 6, sampleRate: 32000, ending: 'done',
});

const names = () => useTakes.getState().takes.map((t) => t.name);

describe('takes', () => {
  beforeEach(() => setTakes([take('a', 'Take 1'), take('b', 'Take 2'), take('c', 'Take 3')], 'b'));

  it('a new take is the current one, numbered after the highest in use', () => {
    removeTake('b');
    expect(nextTakeName(useTakes.getState().takes)).toBe('Take 4');
    addTakeRecord(take('d', 'Take 4'));
    expect(useTakes.getState().current).toBe('d');
    expect(nextTakeName([take('x', 'Calm opening')])).toBe('Take 1');
  });

  it('delete is undone at the same place; the current one is no longer current', () => {
    const undo = removeTake('b')!;
    expect(names()).toEqual(['Take 1', 'Take 3']);
    expect(useTakes.getState().current).toBeNull();
    undo();
    expect(names()).toEqual(['Take 1', 'Take 2', 'Take 3']);
    undo(); // twice is once
    expect(names()).toEqual(['Take 1', 'Take 2', 'Take 3']);
    expect(removeTake('nope')).toBeNull();
  });

  it('rename trims and ignores blanks; star toggles', () => {
    renameTake('a', '  Calm opening ');
    renameTake('c', '   ');
    expect(names()).toEqual(['Calm opening', 'Take 2', 'Take 3']);
    toggleStar('a');
    expect(useTakes.getState().takes.map((t) => t.starred)).toEqual([true, false, false]);
    toggleStar('a');
    expect(useTakes.getState().takes[0].starred).toBe(false);
  });
});
