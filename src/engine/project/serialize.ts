/**
 * Project JSON (de)serialisation. Parsing validates every field and says exactly what is wrong,
 * so a corrupt or foreign file is refused with a clear message instead of half-loading.
 */
import { DEFAULT_SETTINGS } from './create.ts';
import { LIMITS, TIME_SLACK } from './limits.ts';
import { LANE_IDS, emptyLanes } from './lanes.ts';
import {
  PROJECT_FORMAT, PROJECT_VERSION,
  type Curve, type CurveLane, type FreeSpan, type Lanes, type MelodyLane, type Note, type Project,
  type RhythmLane, type Settings, type TakeMeta, type VideoRef,
} from './types.ts';

export class ProjectFormatError extends Error {
  override name = 'ProjectFormatError';
}

export function projectToJson(project: Project): string {
  return JSON.stringify(project, null, 2);
}

/** The same JSON without indentation: what autosave writes (smaller, faster). */
export function projectToCompactJson(project: Project): string {
  return JSON.stringify(project);
}

type Obj = Record<string, unknown>;

function fail(path: string, want: string): never {
  throw new ProjectFormatError(`Not a valid Undertone project: ${path} should be ${want}.`);
}
function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'an object');
  return v as Obj;
}
function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, 'a list');
  return v;
}
function num(v: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    fail(path, `a number${min > -Infinity ? ` from ${min}` : ''}${max < Infinity ? ` to ${max}` : ''}`);
  }
  return v;
}
function str(v: unknown, path: string): string {
  if (typeof v !== 'string') fail(path, 'text');
  if (v.length > LIMITS.maxText) fail(path, `text of at most ${LIMITS.maxText} characters`);
  return v;
}
/** A list of at most `max` entries (checked before any entry is read, so a huge list costs nothing). */
function list(v: unknown, path: string, max: number, what: string): unknown[] {
  const a = arr(v, path);
  if (a.length > max) {
    throw new ProjectFormatError(`Not a valid Undertone project: ${path} has ${a.length} ${what}; at most ${max} are allowed.`);
  }
  return a;
}
/** A time on the timeline: from 0 to the project's duration. */
function time(v: unknown, path: string, duration: number, from = 0): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < from || v > duration + TIME_SLACK) {
    fail(path, `a time from ${+from.toFixed(6)} to ${+duration.toFixed(6)} s (within the project's duration)`);
  }
  return v;
}
function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'true or false');
  return v;
}

function curve(v: unknown, path: string, min: number, max: number, duration: number): Curve {
  const points = list(v, path, LIMITS.maxPoints, 'points').map((p, i) => {
    const o = obj(p, `${path}[${i}]`);
    return { t: time(o.t, `${path}[${i}].t`, duration), v: num(o.v, `${path}[${i}].v`, min, max) };
  });
  for (let i = 1; i < points.length; i++) {
    if (points[i].t <= points[i - 1].t) fail(`${path}[${i}].t`, 'later than the point before it');
  }
  return points;
}

function spans(v: unknown, path: string, duration: number): FreeSpan[] {
  return list(v ?? [], path, LIMITS.maxSpans, 'free spans').map((s, i) => {
    const o = obj(s, `${path}[${i}]`);
    const start = time(o.start, `${path}[${i}].start`, duration);
    const end = time(o.end, `${path}[${i}].end`, duration, start);
    return { start, end };
  });
}

function curveLane(v: unknown, path: string, min: number, max: number, duration: number): CurveLane {
  const o = obj(v, path);
  return { kind: 'curve', points: curve(o.points, `${path}.points`, min, max, duration), free: spans(o.free, `${path}.free`, duration) };
}

function rhythmLane(v: unknown, path: string, duration: number): RhythmLane {
  const o = obj(v, path);
  // Grid indices a 300 BPM grid can reach on this timeline, either side of the phase.
  const maxIndex = Math.ceil((2 * duration * 300) / 60) + 1;
  return {
    kind: 'rhythm',
    tempo: curve(o.tempo, `${path}.tempo`, 30, 300, duration),
    beatsPerBar: Math.round(num(o.beatsPerBar, `${path}.beatsPerBar`, 1, 16)),
    phase: num(o.phase, `${path}.phase`, -duration, duration),
    moved: list(o.moved ?? [], `${path}.moved`, LIMITS.maxBeatEdits, 'moved beats').map((m, i) => {
      const mo = obj(m, `${path}.moved[${i}]`);
      return { index: Math.round(num(mo.index, `${path}.moved[${i}].index`, -maxIndex, maxIndex)), t: time(mo.t, `${path}.moved[${i}].t`, duration) };
    }),
    removed: list(o.removed ?? [], `${path}.removed`, LIMITS.maxBeatEdits, 'removed beats')
      .map((r, i) => Math.round(num(r, `${path}.removed[${i}]`, -maxIndex, maxIndex))),
    added: list(o.added ?? [], `${path}.added`, LIMITS.maxBeatEdits, 'added beats').map((a, i) => time(a, `${path}.added[${i}]`, duration)),
    free: spans(o.free, `${path}.free`, duration),
  };
}

function melodyLane(v: unknown, path: string, duration: number): MelodyLane {
  const o = obj(v, path);
  const notes: Note[] = list(o.notes, `${path}.notes`, LIMITS.maxNotes, 'notes').map((n, i) => {
    const no = obj(n, `${path}.notes[${i}]`);
    const start = time(no.start, `${path}.notes[${i}].start`, duration);
    const end = time(no.end, `${path}.notes[${i}].end`, duration, start);
    if (end <= start) fail(`${path}.notes[${i}].end`, 'later than its start');
    return { id: str(no.id, `${path}.notes[${i}].id`), start, end, pitch: Math.round(num(no.pitch, `${path}.notes[${i}].pitch`, 0, 11)) };
  });
  // The melody is monophonic (docs/project-format.md): overlapping notes are refused, not trimmed.
  const order = notes.map((_, i) => i).sort((a, b) => notes[a].start - notes[b].start);
  for (let k = 1; k < order.length; k++) {
    const prev = notes[order[k - 1]], cur = notes[order[k]];
    if (cur.start < prev.end - TIME_SLACK) {
      throw new ProjectFormatError(`Not a valid Undertone project: ${path}.notes[${order[k]}] (${cur.start}–${cur.end} s) overlaps ${path}.notes[${order[k - 1]}] (${prev.start}–${prev.end} s); the melody plays one note at a time.`);
    }
  }
  return { kind: 'melody', notes: order.map((i) => notes[i]), free: spans(o.free, `${path}.free`, duration) };
}

function lanes(v: unknown, duration: number): Lanes {
  const o = obj(v, 'lanes');
  for (const key of Object.keys(o)) {
    if ((LANE_IDS as readonly string[]).includes(key)) continue;
    const meant = LANE_IDS.find((id) => id === key.toLowerCase());
    throw new ProjectFormatError(meant
      ? `Not a valid Undertone project: lanes.${key} should be spelled lanes.${meant} (lane names are lower case).`
      : `Not a valid Undertone project: lanes.${key} is not a lane; the lanes are ${LANE_IDS.join(', ')}.`);
  }
  const base = emptyLanes();
  return {
    rhythm: o.rhythm === undefined ? base.rhythm : rhythmLane(o.rhythm, 'lanes.rhythm', duration),
    intensity: o.intensity === undefined ? base.intensity : curveLane(o.intensity, 'lanes.intensity', -18, 18, duration),
    melody: o.melody === undefined ? base.melody : melodyLane(o.melody, 'lanes.melody', duration),
    valence: o.valence === undefined ? base.valence : curveLane(o.valence, 'lanes.valence', -1, 1, duration),
    arousal: o.arousal === undefined ? base.arousal : curveLane(o.arousal, 'lanes.arousal', -1, 1, duration),
  };
}

function video(v: unknown): VideoRef | null {
  if (v === null || v === undefined) return null;
  const o = obj(v, 'video');
  return {
    name: str(o.name, 'video.name'),
    size: num(o.size, 'video.size', 1),
    type: typeof o.type === 'string' ? o.type : '',
    hash: str(o.hash, 'video.hash'),
    duration: num(o.duration, 'video.duration', LIMITS.minDuration, LIMITS.maxDuration),
    width: num(o.width, 'video.width', 0),
    height: num(o.height, 'video.height', 0),
    fps: num(o.fps ?? 0, 'video.fps', 0),
    hasAudio: o.hasAudio === undefined ? false : bool(o.hasAudio, 'video.hasAudio'),
  };
}

function settings(v: unknown, duration: number): Settings {
  if (v === undefined) return DEFAULT_SETTINGS;
  const o = obj(v, 'settings');
  const d = DEFAULT_SETTINGS;
  const format = o.exportFormat ?? d.exportFormat;
  if (format !== 'pcm16' && format !== 'float32') fail('settings.exportFormat', '"pcm16" or "float32"');
  const rate = o.exportRate ?? d.exportRate;
  if (rate !== 32000 && rate !== 48000) fail('settings.exportRate', '32000 or 48000');
  let loop: Settings['loop'] = null;
  if (o.loop !== null && o.loop !== undefined) {
    const l = obj(o.loop, 'settings.loop');
    const start = time(l.start, 'settings.loop.start', duration);
    loop = { start, end: time(l.end, 'settings.loop.end', duration, start) };
  }
  return {
    exportFormat: format,
    exportRate: rate,
    snapToBeats: o.snapToBeats === undefined ? d.snapToBeats : bool(o.snapToBeats, 'settings.snapToBeats'),
    metronome: o.metronome === undefined ? d.metronome : bool(o.metronome, 'settings.metronome'),
    loop,
    loopEnabled: o.loopEnabled === undefined ? false : bool(o.loopEnabled, 'settings.loopEnabled'),
  };
}

function takes(v: unknown, duration: number): TakeMeta[] {
  return list(v ?? [], 'takes', LIMITS.maxTakes, 'takes').map((t, i) => {
    const o = obj(t, `takes[${i}]`);
    const start = time(o.start, `takes[${i}].start`, duration);
    return {
      id: str(o.id, `takes[${i}].id`),
      name: str(o.name, `takes[${i}].name`),
      createdAt: str(o.createdAt, `takes[${i}].createdAt`),
      start,
      end: time(o.end, `takes[${i}].end`, duration, start),
      seed: num(o.seed, `takes[${i}].seed`),
      pack: str(o.pack, `takes[${i}].pack`),
      kept: bool(o.kept, `takes[${i}].kept`),
    };
  });
}

export interface ParseOptions {
  /**
   * The studio's own autosave: times may lie past the duration (up to the 4-hour limit), as
   * lanes drawn before a shorter video was linked do. Files are held to the duration.
   */
  readonly trusted?: boolean;
}

/** Parse and validate project JSON text. Throws ProjectFormatError with a readable message. */
export function projectFromJson(text: string, options: ParseOptions = {}): Project {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ProjectFormatError('Not a valid Undertone project: the file is not JSON.');
  }
  const o = obj(raw, 'the file');
  if (o.format !== PROJECT_FORMAT) {
    throw new ProjectFormatError('Not an Undertone project file (its "format" field is missing or different).');
  }
  if (typeof o.version !== 'number' || o.version > PROJECT_VERSION) {
    throw new ProjectFormatError(`This project was saved by a newer Undertone (format version ${String(o.version)}); this one reads version ${PROJECT_VERSION}.`);
  }
  const duration = num(o.duration, 'duration', LIMITS.minDuration, LIMITS.maxDuration);
  const horizon = options.trusted ? LIMITS.maxDuration : duration;
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    id: str(o.id, 'id'),
    name: str(o.name, 'name'),
    duration,
    video: video(o.video),
    lanes: lanes(o.lanes, horizon),
    settings: settings(o.settings, horizon),
    takes: takes(o.takes, horizon),
    updatedAt: typeof o.updatedAt === 'string' ? o.updatedAt : new Date(0).toISOString(),
  };
}
