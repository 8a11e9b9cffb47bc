/**
 * The studio's one store. State is readonly data; it changes only through the named actions
 * below, and every action that edits lanes says whether undo history captures it.
 */
import { create } from 'zustand';
import { record, redo, startHistory, undo, type History } from '../../engine/history.ts';
import { createProject } from '../../engine/project/create.ts';
import type { LaneId, Lanes, Project, Seconds, Settings, VideoRef } from '../../engine/project/types.ts';
import { fitView, type TimelineView } from '../../engine/timeline/view.ts';

export type Tool = 'select' | 'draw' | 'free';

export type Panel = 'reference' | 'analysis';

export type Selection =
  | { readonly lane: Exclude<LaneId, 'melody' | 'rhythm'>; readonly points: readonly number[] }
  | { readonly lane: 'melody'; readonly notes: readonly string[] }
  | { readonly lane: 'rhythm'; readonly tempoPoints: readonly number[] }
  | null;

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly text: string;
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
}

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
    playback: { playing: false, time: 0, audition: false },
    view: fitView(project.duration, 1000),
    viewWidth: 1000,
    tool: 'draw',
    selection: null,
    notice: null,
    helpOpen: false,
    panel: null,
    restored: false,
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
  const history = record(s.history, next, capture);
  set({ history, project: stamp(s.project, history.present) });
}

export function undoEdit(): void {
  const s = get();
  if (s.history.past.length === 0) return;
  const history = undo(s.history);
  set({ history, project: stamp(s.project, history.present), selection: null });
}

export function redoEdit(): void {
  const s = get();
  if (s.history.future.length === 0) return;
  const history = redo(s.history);
  set({ history, project: stamp(s.project, history.present), selection: null });
}

/** Replace the whole project (restore, load from file). History starts afresh. */
export function loadProject(project: Project): void {
  set({
    project,
    history: startHistory(project.lanes),
    selection: null,
    playback: { ...get().playback, playing: false, time: 0 },
    view: fitView(project.duration, get().viewWidth),
  });
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

export function notify(kind: Notice['kind'], text: string): void {
  set({ notice: { kind, text } });
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

/** For tests and "New project". */
export function resetStudio(): void {
  set(initial());
}
