/**
 * Project JSON (de)serialisation. Parsing validates every field and says exactly what is wrong,
 * so a corrupt or foreign file is refused with a clear message instead of half-loading.
 */
import { DEFAULT_SETTINGS } from './create.ts';
import { LIMITS } from './limits.ts';
import { LANE_IDS, mapLanes } from './lanes.ts';
import { migrateProject } from './migrate.ts';
import { PROJECT_FORMAT, PROJECT_VERSION, type Lanes, type Project, type Settings, type TakeMeta, type VideoRef } from './types.ts';
import { bool, fail, list, num, obj, ProjectFormatError, str, time } from './validate.ts';

export { ProjectFormatError } from './validate.ts';

export function projectToJson(project: Project): string {
  return JSON.stringify(project, null, 2);
}

/** The same JSON without indentation: what autosave writes (smaller, faster). */
export function projectToCompactJson(project: Project): string {
  return JSON.stringify(project);
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
  // A lane the file leaves out is empty: nothing drawn there.
  return mapLanes((spec) => (o[spec.id] === undefined ? spec.empty() : spec.parse(o[spec.id], `lanes.${spec.id}`, duration)));
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
  const file = obj(raw, 'the file');
  if (file.format !== PROJECT_FORMAT) {
    throw new ProjectFormatError('Not an Undertone project file (its "format" field is missing or different).');
  }
  if (typeof file.version !== 'number' || file.version > PROJECT_VERSION) {
    throw new ProjectFormatError(`This project was saved by a newer Undertone (format version ${String(file.version)}); this one reads version ${PROJECT_VERSION}.`);
  }
  const o = migrateProject(file, file.version);
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
