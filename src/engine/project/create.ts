import { emptyLanes } from './lanes.ts';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project, type Settings } from './types.ts';

export const DEFAULT_DURATION = 30;

export const DEFAULT_SETTINGS: Settings = {
  exportFormat: 'pcm16',
  exportRate: 48000,
  snapToBeats: true,
  metronome: false,
  loop: null,
  loopEnabled: false,
};

/** A random id that is unique enough for projects, notes and takes (no crypto needed). */
export function newId(prefix = ''): string {
  const rand = Math.random().toString(36).slice(2, 10);
  return `${prefix}${Date.now().toString(36)}${rand}`;
}

export function createProject(name = 'Untitled', duration = DEFAULT_DURATION): Project {
  return {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    id: newId('p'),
    name,
    duration,
    video: null,
    lanes: emptyLanes(),
    settings: DEFAULT_SETTINGS,
    takes: [],
    updatedAt: new Date(0).toISOString(),
  };
}
