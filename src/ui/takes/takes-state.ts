/**
 * The takes of this clip: every finished generation is kept as a take — its seed and settings,
 * the pack that wrote it (id + SHA-256 of its manifest, which names every model file's SHA-256),
 * the lanes as they were when it started, and its audio (persist-takes.ts keeps the audio in
 * IndexedDB; this store holds only the small records). Named actions below; none is an edit of
 * the project, so none makes a step in the lanes' undo history — deleting has its own Undo.
 */
import { create } from 'zustand';
import type { Lanes, Seconds } from '../../engine/project/types.ts';
import type { GenerationSettings } from '../store/generation-state.ts';

export interface TakeRecord {
  readonly id: string;
  readonly name: string;
  readonly starred: boolean;
  /** ms since 1970, when it was finished. */
  readonly createdAt: number;
  /** The clip it scores (VideoRef.hash), or null for a project without video. */
  readonly videoHash: string | null;
  readonly settings: GenerationSettings;
  readonly pack: { readonly id: string; readonly sha256: string | null };
  readonly lanes: Lanes;
  /** Where it starts on the timeline, and its length. */
  readonly start: Seconds;
  readonly seconds: Seconds;
  readonly sampleRate: number;
  /** Written to the end ('done') or stopped part-way with what was written kept ('cancelled'). */
  readonly ending: 'done' | 'cancelled';
  /** A section regenerated: the take it was made from, and the span (on the timeline) written anew. */
  readonly section?: TakeSection;
}

export interface TakeSection {
  readonly of: string;
  readonly start: Seconds;
  readonly end: Seconds;
}

export interface TakesState {
  /** Oldest first, as they were made. */
  readonly takes: readonly TakeRecord[];
  /** The take that plays and exports (the newest one after a generation). */
  readonly current: string | null;
  /** The take heard before it, kept in step on the clock: A/B switches to it without a gap. */
  readonly beside: string | null;
  /** The take whose name field should take the focus (the rename shortcut), once. */
  readonly renaming: string | null;
}

export const useTakes = create<TakesState>()(() => ({ takes: [], current: null, beside: null, renaming: null }));

const set = (patch: Partial<TakesState>) => useTakes.setState(patch);
const change = (id: string, patch: Partial<TakeRecord>) =>
  set({ takes: useTakes.getState().takes.map((t) => (t.id === id ? { ...t, ...patch } : t)) });

export function setTakes(takes: readonly TakeRecord[], current: string | null): void {
  set({ takes, current, beside: null });
}

export function addTakeRecord(take: TakeRecord): void {
  set({ takes: [...useTakes.getState().takes, take], current: take.id });
}

export function renameTake(id: string, name: string): void {
  const clean = name.trim();
  if (clean) change(id, { name: clean.slice(0, 80) });
}

export function toggleStar(id: string): void {
  const t = useTakes.getState().takes.find((x) => x.id === id);
  if (t) change(id, { starred: !t.starred });
}

export function setCurrentTake(id: string | null): void {
  set({ current: id });
}

/** Ask the list to focus the take's name field (null: done). */
export function startRename(id: string | null): void {
  set({ renaming: id });
}

export function setBesideTake(id: string | null): void {
  set({ beside: id });
}

/**
 * The take A/B switches to from the current one: the one heard before it when it still exists,
 * else its neighbour in the list (the one before, or after the first), so A/B works on a fresh
 * list too. Null with fewer than two takes.
 */
export function abPartner(state: TakesState): string | null {
  const { takes, current, beside } = state;
  if (beside && beside !== current && takes.some((t) => t.id === beside)) return beside;
  const at = takes.findIndex((t) => t.id === current);
  if (at < 0 || takes.length < 2) return null;
  return takes[at > 0 ? at - 1 : 1].id;
}

/** Removes a take; returns what puts it back at the same place (the Undo of the notice). */
export function removeTake(id: string): (() => void) | null {
  const { takes, current } = useTakes.getState();
  const at = takes.findIndex((t) => t.id === id);
  if (at < 0) return null;
  const take = takes[at];
  const beside = useTakes.getState().beside;
  set({ takes: takes.filter((t) => t.id !== id), current: current === id ? null : current, beside: beside === id ? null : beside });
  return () => {
    const now = useTakes.getState().takes;
    if (now.some((t) => t.id === id)) return;
    set({ takes: [...now.slice(0, at), take, ...now.slice(at)] });
  };
}

/** The take `step` places after the current one in the list (−1: before), or null past either end. */
export function takeAfter(state: TakesState, step: number): string | null {
  const at = state.takes.findIndex((t) => t.id === state.current);
  const to = at < 0 ? (step > 0 ? 0 : state.takes.length - 1) : at + step;
  return state.takes[to]?.id ?? null;
}

/** "Take 3": one more than the highest number in use, so names stay unique after deletes. */
export function nextTakeName(takes: readonly TakeRecord[]): string {
  const n = takes.reduce((m, t) => Math.max(m, Number(/^Take (\d+)$/.exec(t.name)?.[1] ?? 0)), 0);
  return `Take ${n + 1}`;
}
