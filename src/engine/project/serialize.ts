/**
 * Project JSON (de)serialisation. Parsing validates every field and says exactly what is wrong,
 * so a corrupt or foreign file is refused with a clear message instead of half-loading.
 */
import { DEFAULT_SETTINGS } from './create.ts';
import { emptyLanes } from './lanes.ts';
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
  return v;
}
function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'true or false');
  return v;
}

function curve(v: unknown, path: string, min: number, max: number): Curve {
  const points = arr(v, path).map((p, i) => {
    const o = obj(p, `${path}[${i}]`);
    return { t: num(o.t, `${path}[${i}].t`, 0), v: num(o.v, `${path}[${i}].v`, min, max) };
  });
  for (let i = 1; i < points.length; i++) {
    if (points[i].t <= points[i - 1].t) fail(`${path}[${i}].t`, 'later than the point before it');
  }
  return points;
}

function spans(v: unknown, path: string): FreeSpan[] {
  return arr(v ?? [], path).map((s, i) => {
    const o = obj(s, `${path}[${i}]`);
    const start = num(o.start, `${path}[${i}].start`, 0);
    const end = num(o.end, `${path}[${i}].end`, start);
    return { start, end };
  });
}

function curveLane(v: unknown, path: string, min: number, max: number): CurveLane {
  const o = obj(v, path);
  return { kind: 'curve', points: curve(o.points, `${path}.points`, min, max), free: spans(o.free, `${path}.free`) };
}

function rhythmLane(v: unknown, path: string): RhythmLane {
  const o = obj(v, path);
  return {
    kind: 'rhythm',
    tempo: curve(o.tempo, `${path}.tempo`, 30, 300),
    beatsPerBar: Math.round(num(o.beatsPerBar, `${path}.beatsPerBar`, 1, 16)),
    phase: num(o.phase, `${path}.phase`),
    moved: arr(o.moved ?? [], `${path}.moved`).map((m, i) => {
      const mo = obj(m, `${path}.moved[${i}]`);
      return { index: Math.round(num(mo.index, `${path}.moved[${i}].index`)), t: num(mo.t, `${path}.moved[${i}].t`, 0) };
    }),
    removed: arr(o.removed ?? [], `${path}.removed`).map((r, i) => Math.round(num(r, `${path}.removed[${i}]`))),
    added: arr(o.added ?? [], `${path}.added`).map((a, i) => num(a, `${path}.added[${i}]`, 0)),
    free: spans(o.free, `${path}.free`),
  };
}

function melodyLane(v: unknown, path: string): MelodyLane {
  const o = obj(v, path);
  const notes: Note[] = arr(o.notes, `${path}.notes`).map((n, i) => {
    const no = obj(n, `${path}.notes[${i}]`);
    const start = num(no.start, `${path}.notes[${i}].start`, 0);
    return {
      id: str(no.id, `${path}.notes[${i}].id`),
      start,
      end: num(no.end, `${path}.notes[${i}].end`, start),
      pitch: Math.round(num(no.pitch, `${path}.notes[${i}].pitch`, 0, 11)),
    };
  });
  return { kind: 'melody', notes: [...notes].sort((a, b) => a.start - b.start), free: spans(o.free, `${path}.free`) };
}

function lanes(v: unknown): Lanes {
  const o = obj(v, 'lanes');
  const base = emptyLanes();
  return {
    rhythm: o.rhythm === undefined ? base.rhythm : rhythmLane(o.rhythm, 'lanes.rhythm'),
    intensity: o.intensity === undefined ? base.intensity : curveLane(o.intensity, 'lanes.intensity', -18, 18),
    melody: o.melody === undefined ? base.melody : melodyLane(o.melody, 'lanes.melody'),
    valence: o.valence === undefined ? base.valence : curveLane(o.valence, 'lanes.valence', -1, 1),
    arousal: o.arousal === undefined ? base.arousal : curveLane(o.arousal, 'lanes.arousal', -1, 1),
  };
}

function video(v: unknown): VideoRef | null {
  if (v === null || v === undefined) return null;
  const o = obj(v, 'video');
  return {
    name: str(o.name, 'video.name'),
    size: num(o.size, 'video.size', 0),
    type: typeof o.type === 'string' ? o.type : '',
    hash: str(o.hash, 'video.hash'),
    duration: num(o.duration, 'video.duration', 0),
    width: num(o.width, 'video.width', 0),
    height: num(o.height, 'video.height', 0),
    fps: num(o.fps ?? 0, 'video.fps', 0),
    hasAudio: o.hasAudio === undefined ? false : bool(o.hasAudio, 'video.hasAudio'),
  };
}

function settings(v: unknown): Settings {
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
    const start = num(l.start, 'settings.loop.start', 0);
    loop = { start, end: num(l.end, 'settings.loop.end', start) };
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

function takes(v: unknown): TakeMeta[] {
  return arr(v ?? [], 'takes').map((t, i) => {
    const o = obj(t, `takes[${i}]`);
    const start = num(o.start, `takes[${i}].start`, 0);
    return {
      id: str(o.id, `takes[${i}].id`),
      name: str(o.name, `takes[${i}].name`),
      createdAt: str(o.createdAt, `takes[${i}].createdAt`),
      start,
      end: num(o.end, `takes[${i}].end`, start),
      seed: num(o.seed, `takes[${i}].seed`),
      pack: str(o.pack, `takes[${i}].pack`),
      kept: bool(o.kept, `takes[${i}].kept`),
    };
  });
}

/** Parse and validate project JSON text. Throws ProjectFormatError with a readable message. */
export function projectFromJson(text: string): Project {
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
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    id: str(o.id, 'id'),
    name: str(o.name, 'name'),
    duration: num(o.duration, 'duration', 0),
    video: video(o.video),
    lanes: lanes(o.lanes),
    settings: settings(o.settings),
    takes: takes(o.takes),
    updatedAt: typeof o.updatedAt === 'string' ? o.updatedAt : new Date(0).toISOString(),
  };
}
