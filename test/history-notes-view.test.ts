import { describe, expect, it } from 'vitest';
import { record, redo, startHistory, undo } from '../src/engine/history.ts';
import { moveNote, placeNote, resizeNote } from '../src/engine/melody/notes.ts';
import { clampView, fitView, formatTime, rulerStep, timeToX, xToTime, zoomView } from '../src/engine/timeline/view.ts';
import { keyOf } from '../src/ui/actions/shortcuts.ts';

describe('undo history', () => {
  it('makes a drag one undo step', () => {
    let h = startHistory('a');
    h = record(h, 'b', true);
    h = record(h, 'b1', false);
    h = record(h, 'b2', false);
    expect(h.past).toEqual(['a']);
    h = undo(h);
    expect(h.present).toBe('a');
    h = redo(h);
    expect(h.present).toBe('b2');
    h = undo(h);
    h = record(h, 'c', true);
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
  });
});

describe('melody notes', () => {
  const n = (id: string, start: number, end: number, pitch = 0) => ({ id, start, end, pitch });
  it('keeps the lane monophonic by trimming what a new note covers', () => {
    const notes = [n('a', 0, 2), n('b', 3, 4)];
    expect(placeNote(notes, n('c', 1, 3.5, 5))).toEqual([n('a', 0, 1), n('c', 1, 3.5, 5), n('b', 3.5, 4)]);
    expect(placeNote([n('a', 0, 4)], n('c', 1, 2))).toEqual([n('a', 0, 1), n('c', 1, 2), n('ab', 2, 4)]);
  });
  it('moves (wrapping the pitch) and resizes', () => {
    expect(moveNote([n('a', 0, 1)], 'a', 2, 13)).toEqual([n('a', 2, 3, 1)]);
    expect(resizeNote([n('a', 0, 1)], 'a', 'end', 0.01)).toEqual([n('a', 0, 0.05)]);
  });
});

describe('timeline view', () => {
  it('maps time and pixels both ways and zooms around the mouse', () => {
    const v = fitView(60, 600);
    expect(v.pxPerSec).toBe(10);
    expect(timeToX(v, 12)).toBe(120);
    const z = zoomView(v, 2, 300, 60, 600);
    expect(z.pxPerSec).toBe(20);
    expect(xToTime(z, 300)).toBeCloseTo(30);
    expect(clampView({ start: 55, pxPerSec: 20 }, 60, 600).start).toBe(30);
  });
  it('chooses readable ruler steps and formats times', () => {
    expect(rulerStep(10)).toBe(10);
    expect(rulerStep(100)).toBe(1);
    expect(formatTime(75.5)).toBe('1:16');
    expect(formatTime(5.25, 0.01)).toBe('0:05.25');
  });
});

describe('shortcut keys', () => {
  const ev = (key: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
    ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  it('names keys as the registry does', () => {
    expect(keyOf(ev('z', { ctrlKey: true }))).toBe('Mod+Z');
    expect(keyOf(ev('Z', { ctrlKey: true, shiftKey: true }))).toBe('Mod+Shift+Z');
    expect(keyOf(ev('?', { shiftKey: true }))).toBe('?');
    expect(keyOf(ev('Delete'))).toBe('Delete');
  });
});
