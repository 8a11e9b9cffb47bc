/**
 * Older project files, brought up to PROJECT_VERSION before they are validated. Each step takes
 * the raw JSON of one version to the next; docs/project-format.md lists what each version changed.
 *   1 → 2: the harmony lane. Every lane the registry added after a file's version is added empty.
 */
import { ALL_LANES } from './lanes.ts';
import { PROJECT_VERSION } from './types.ts';

type Raw = Record<string, unknown>;

/** Lanes a newer version introduced join a file's lanes empty (a lane the file already holds is kept). */
function addNewLanes(raw: Raw, to: number): Raw {
  // Not an object: left for validation to refuse with its message.
  if (typeof raw.lanes !== 'object' || raw.lanes === null || Array.isArray(raw.lanes)) return raw;
  const lanes = raw.lanes as Raw;
  const added = Object.fromEntries(ALL_LANES.filter((s) => s.since === to && lanes[s.id] === undefined).map((s) => [s.id, s.empty()]));
  return { ...raw, lanes: { ...lanes, ...added } };
}

const STEPS: Readonly<Record<number, (raw: Raw) => Raw>> = {
  1: (raw) => addNewLanes(raw, 2),
};

/** The raw project of `version` (≤ PROJECT_VERSION) as the current version reads it. */
export function migrateProject(raw: Raw, version: number): Raw {
  let out = raw;
  for (let v = Math.max(1, Math.floor(version)); v < PROJECT_VERSION; v++) {
    const step = STEPS[v];
    if (step) out = step(out);
  }
  return { ...out, version: PROJECT_VERSION };
}
