/**
 * The studio's one store. State is readonly data; it changes only through the named actions
 * below, and every action that edits lanes says whether undo history captures it.
 */
import { create } from 'zustand';
import { record, redo, startHistory, undo, type History } from '../../engine/history.ts';
import { createProject } from '../../engine/project/create.ts';
import type { ItemKey } from '../../engine/project/lane-spec.ts';
import { countLimitError } from '../../engine/project/within-limits.ts';
import type { LaneId, Lanes, Project, Seconds, Settings, VideoRef } from '../../engine/project/types.ts';
import { fitView, type TimelineView } from '../../engine/timeline/view.ts';
import type { VideoDescriptors } from '../../engine/generate/inputs.ts';
import type { Cut } from '../../engine/video/cuts.ts';
import { IDLE_GENERATION, type GenerationState } from './generation-state.ts';

export type Tool = 'select' | 'draw' | 'free';

export type Panel = 'reference' | 'analysis' | 'generate' | 'adherence';

/** Items selected on one lane: curve point indices, or note and chord ids (the lane's spec reads them). */
export type Selection = { readonly lane: LaneId; readonly items: readonly ItemKey[] } | null;

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly text: string;
  /** One button in the notice (e.g. "Undo" after loading a project). */
  readonly action?: { readonly label: string; readonly perform: () => void };
}

/** Who writes the autosaved project: this tab, another tab (this one is read-only), or not known yet. */
export type Ownership = 'pending' | 'owner' | 'elsewhere';

/** A whole project with its undo history, kept when a load replaces it so the load can be undone. */
export interface ProjectSnapshot {
  readonly project: Project;
  readonly history: History<Lanes>;
}

/** The opened video as the page holds it (not saved: a project re-links its video by VideoRef). */
export interface MediaState {
  readonly status: 'empty' | 'loading' | 'ready' | 'error';
  /** What is happening while loading ("Reading…", "Converting with ffmpeg… 42 %"). */
  readonly message: string;
  /** 0..1 while loading, when known. */
  readonly progress: number | null;
  /** Object URL the <video> element plays (the original file, or ffmpeg's transcode). */
  readonly url: string | null;
  readonly file: File | null;
  readonly thumbnails: readonly { readonly t: Seconds; readonly url: string }[];
  /** Min/max pairs of the clip's own sound, `peaksPerSec` pairs a second; null = no sound. */
  readonly peaks: Float32Array | null;
  readonly peaksPerSec: number;
  /** Name of a file being opened (checked, maybe converted) while the current video stays; null when idle. */
  readonly opening: string | null;
  /** The waveform row: being computed, drawn from peaks, no sound in the clip, or skipped (why in soundNote). */
  readonly sound: 'pending' | 'peaks' | 'none' | 'skipped';
  readonly soundNote: string;
}

export interface PlaybackState {
  readonly playing: boolean;
  readonly time: Seconds;
  /** Play the melody lane's notes on a synth while playing (a monitor switch, not saved). */
  readonly audition: boolean;
  /** Play the harmony lane's chords while playing ("Hear chords"; a monitor switch, not saved). */
  readonly chords: boolean;
}

export interface StudioState {
  readonly project: Project;
  readonly history: History<Lanes>;
  readonly media: MediaState;
  readonly playback: PlaybackState;
  readonly view: TimelineView;
  /** Width in px of the lanes' drawing area (the view's extent on screen). */
  readonly viewWidth: number;
  readonly tool: Tool;
  readonly selection: Selection;
  readonly notice: Notice | null;
  readonly helpOpen: boolean;
  /** The side panel beside the video (reference track, video analysis), or none. */
  readonly panel: Panel | null;
  /** True once the autosaved project (if any) has been restored. */
  readonly restored: boolean;
  /** Shot cuts the video analysis found (derived from the video: not saved, not in history). */
  readonly cuts: readonly Cut[];
  /**
   * The video descriptors the analysis computed — the model's video condition — for the clip of
   * that hash. Autosaved beside the project (persist/descriptors.ts), not in undo history.
   */
  readonly descriptors: { readonly hash: string; readonly video: VideoDescriptors } | null;
  /** The music pack, the generation settings, the run and the take (store/generation.ts). */
  readonly generation: GenerationState;
  readonly ownership: Ownership;
  /** Projects that loads replaced (newest last): undo past the first edit brings them back. */
  readonly replaced: readonly ProjectSnapshot[];
  /** Projects undone back over (a load to redo). Cleared by any new edit. */
  readonly reloaded: readonly ProjectSnapshot[];
}

/** How many replaced projects undo keeps. */
export const REPLACED_LIMIT = 5;

export const EMPTY_MEDIA: MediaState = {
  status: 'empty', message: '', progress: null, url: null, file: null, thumbnails: [], peaks: null, peaksPerSec: 0,
  opening: null, sound: 'none', soundNote: '',
};

function initial(): StudioState {
  const project = createProject();
  return {
    project,
    history: startHistory(project.lanes),
    media: EMPTY_MEDIA,
    playback: { playing: false, time: 0, audition: false, chords: false },
    view: fitView(project.duration, 1000),
    viewWidth: 1000,
    tool: 'draw',
    selection: null,
    notice: null,
    helpOpen: false,
    panel: null,
    restored: false,
    cuts: [],
    descriptors: null,
    generation: IDLE_GENERATION,
    ownership: 'pending',
    replaced: [],
    reloaded: [],
  };
}

export const useStudio = create<StudioState>()(() => initial());

const set = useStudio.setState;
const get = useStudio.getState;

function stamp(project: Project, lanes: Lanes): Project {
  return { ...project, lanes, updatedAt: new Date().toISOString() };
}

/** Edit the lanes. capture = true makes this its own undo step; false amends the last one (drags). */
export function editLanes(change: (lanes: Lanes) => Lanes, capture: boolean): void {
  const s = get();
  const next = change(s.history.present);
  if (next === s.history.present) return;
  // What could not be loaded back must not be made: a project stays within its limits.
  const over = countLimitError(next);
  if (over) return notify('error', `${over} This edit was not made.`);
  const history = record(s.history, next, capture);
  set({ history, project: stamp(s.project, history.present), reloaded: [] });
}

export const canUndo = (s: StudioState) => s.history.past.length > 0 || s.replaced.length > 0;
export const canRedo = (s: StudioState) => s.history.future.length > 0 || s.reloaded.length > 0;

function swapTo(snapshot: ProjectSnapshot, patch: Partial<StudioState>): void {
  set({
    ...patch,
    project: { ...snapshot.project, updatedAt: new Date().toISOString() },
    history: snapshot.history,
    selection: null,
    playback: { ...get().playback, playing: false, time: 0 },
    view: fitView(snapshot.project.duration, get().viewWidth),
  });
}

export function undoEdit(): void {
  const s = get();
  if (s.history.past.length === 0) {
    // Undo past the first edit of a loaded project: the project that the load replaced returns.
    const before = s.replaced[s.replaced.length - 1];
    if (!before) return;
    swapTo(before, { replaced: s.replaced.slice(0, -1), reloaded: [...s.reloaded, { project: s.project, history: s.history }] });
    notify('info', `Undid loading “${s.project.name}”: “${before.project.name}” is back.`);
    return;
  }
  const history = undo(s.history);
  set({ history, project: stamp(s.project, history.present), selection: null });
}

export function redoEdit(): void {
  const s = get();
  if (s.history.future.length === 0) {
    const after = s.reloaded[s.reloaded.length - 1];
    if (!after) return;
    swapTo(after, { reloaded: s.reloaded.slice(0, -1), replaced: [...s.replaced, { project: s.project, history: s.history }] });
    return;
  }
  const history = redo(s.history);
  set({ history, project: stamp(s.project, history.present), selection: null });
}

/** Replace the whole project (restore after a reload). History starts afresh. */
export function loadProject(project: Project): void {
  set({
    project,
    history: startHistory(project.lanes),
    selection: null,
    playback: { ...get().playback, playing: false, time: 0 },
    view: fitView(project.duration, get().viewWidth),
    replaced: [],
    reloaded: [],
  });
}

/** Open another project (a file) in place of this one, as one undo step: undo brings this one back. */
export function replaceProject(project: Project): ProjectSnapshot {
  const s = get();
  const before: ProjectSnapshot = { project: s.project, history: s.history };
  set({
    project: { ...project, updatedAt: new Date().toISOString() },
    history: startHistory(project.lanes),
    selection: null,
    playback: { ...s.playback, playing: false, time: 0 },
    view: fitView(project.duration, s.viewWidth),
    replaced: [...s.replaced, before].slice(-REPLACED_LIMIT),
    reloaded: [],
  });
  return before;
}

export function setOwnership(ownership: Ownership): void {
  set({ ownership });
}

export function markRestored(): void {
  set({ restored: true });
}

/** Settings are preferences, not edits: never in undo history. */
export function updateSettings(patch: Partial<Settings>): void {
  const s = get();
  set({ project: { ...s.project, settings: { ...s.project.settings, ...patch }, updatedAt: new Date().toISOString() } });
}

export function renameProject(name: string): void {
  const s = get();
  set({ project: { ...s.project, name, updatedAt: new Date().toISOString() } });
}

/** Link a newly opened video: the timeline takes its duration. Lanes are kept as they are. */
export function linkVideo(video: VideoRef): void {
  const s = get();
  // Take the video's name only while the project is still named after nothing or after its old video.
  const base = (n: string) => n.replace(/\.[^.]+$/, '');
  const keep = s.project.name !== 'Untitled' && !(s.project.video && s.project.name === base(s.project.video.name));
  const name = keep ? s.project.name : base(video.name);
  set({
    project: { ...s.project, video, name, duration: video.duration, updatedAt: new Date().toISOString() },
    view: fitView(video.duration, s.viewWidth),
  });
}

export function setMedia(patch: Partial<MediaState>): void {
  set({ media: { ...get().media, ...patch } });
}

export function setPlayback(patch: Partial<PlaybackState>): void {
  set({ playback: { ...get().playback, ...patch } });
}

export function setView(view: TimelineView, viewWidth = get().viewWidth): void {
  set({ view, viewWidth });
}

/** Edit one lane; see editLanes for `capture`. */
export function editLane<K extends LaneId>(id: K, change: (lane: Lanes[K]) => Lanes[K], capture: boolean): void {
  editLanes((lanes) => {
    const next = change(lanes[id]);
    return next === lanes[id] ? lanes : { ...lanes, [id]: next };
  }, capture);
}

export function setTool(tool: Tool): void {
  set({ tool });
}

export function setSelection(selection: Selection): void {
  set({ selection });
}

export function notify(kind: Notice['kind'], text: string, action?: Notice['action']): void {
  set({ notice: action ? { kind, text, action } : { kind, text } });
}

/** A step succeeded: an error notice from an earlier failure is stale now. */
export function clearErrorNotice(): void {
  if (get().notice?.kind === 'error') set({ notice: null });
}

export function dismissNotice(): void {
  set({ notice: null });
}

export function setPanel(panel: Panel | null): void {
  set({ panel });
}

export function setHelpOpen(helpOpen: boolean): void {
  set({ helpOpen });
}

/** The opened video's shot cuts, drawn on the timeline. Not an edit: no undo step. */
export function setCuts(cuts: readonly Cut[]): void {
  set({ cuts });
}

/** The analysis's descriptors of the clip with this hash (not an edit: no undo step). */
export function setDescriptors(descriptors: StudioState['descriptors']): void {
  set({ descriptors });
}

/** For tests and "New project". */
export function resetStudio(): void {
  set(initial());
}
