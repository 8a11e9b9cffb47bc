import { beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/ui/actions/registry.ts';
import {
  abPartner, addTakeRecord, nextTakeName, removeTake, renameTake, setBesideTake, setCurrentTake, setTakes, takeAfter, toggleStar, useTakes,
  type TakeRecord,
} from '../../src/ui/takes/takes-state.ts';

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

  it('A/B goes to the take heard before; without one, to the neighbour in the list', () => {
    // fresh list (after a reload): the one before the current, or the second when the first is current
    expect(abPartner(useTakes.getState())).toBe('a');
    setCurrentTake('a');
    expect(abPartner(useTakes.getState())).toBe('b');
    // heard before: c, then A/B swaps the two, back and forth
    setCurrentTake('b');
    setBesideTake('c');
    expect(abPartner(useTakes.getState())).toBe('c');
    setCurrentTake('c');
    setBesideTake('b');
    expect(abPartner(useTakes.getState())).toBe('b');
    // the take beside is deleted: the neighbour again, and Undo does not bring it back beside
    removeTake('b');
    expect(useTakes.getState().beside).toBeNull();
    expect(abPartner(useTakes.getState())).toBe('a');
    setTakes([take('a', 'Take 1')], 'a');
    expect(abPartner(useTakes.getState())).toBeNull();
  });

  it('the previous / next take in the list, none past the ends', () => {
    expect([takeAfter(useTakes.getState(), -1), takeAfter(useTakes.getState(), 1)]).toEqual(['a', 'c']);
    setCurrentTake('c');
    expect(takeAfter(useTakes.getState(), 1)).toBeNull();
    setCurrentTake(null);
    expect([takeAfter(useTakes.getState(), -1), takeAfter(useTakes.getState(), 1)]).toEqual(['c', 'a']);
  });

  it('every take action has a shortcut of its own in the registry (the help overlay lists the registry)', () => {
    const ids = ['show-takes', 'star-take', 'ab-take', 'use-previous-take', 'use-next-take', 'rename-take', 'delete-take', 'regenerate-section'];
    const keys = ids.map((id) => ACTIONS.find((a) => a.id === id)?.keys[0]);
    expect(keys).toEqual(['T', 'Shift+S', 'B', '[', ']', 'Shift+R', 'Shift+Delete', 'Shift+G']);
    // no other action claims those keys
    for (const k of keys) expect(ACTIONS.filter((a) => a.keys.includes(k!)).map((a) => a.id)).toHaveLength(1);
  });
});
