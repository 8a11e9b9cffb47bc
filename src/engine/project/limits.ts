/**
 * Sane limits for a project, checked when a file or an autosave is read. They are far beyond
 * what a person draws by hand on a clip (a 4-hour timeline, thousands of points per lane), and
 * they bound the work any file can cause — the beat grid, the lanes' drawing — so no file can
 * freeze the tab. docs/project-format.md lists them.
 */
export const LIMITS = {
  /** Timeline length in seconds: 4 h. A project must last at least MIN_DURATION. */
  maxDuration: 4 * 3600,
  minDuration: 0.1,
  /** Points of one curve (intensity, valence, arousal, the tempo map). */
  maxPoints: 5000,
  maxNotes: 5000,
  /** Each of the rhythm lane's moved, removed and added beats. */
  maxBeatEdits: 5000,
  /** Free spans of one lane. */
  maxSpans: 1000,
  maxTakes: 1000,
  /** Characters of the project's name and of ids. */
  maxText: 1000,
} as const;

/** Times may exceed the duration by rounding only. */
export const TIME_SLACK = 1e-6;
