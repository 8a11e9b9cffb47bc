/**
 * Constants that tie a lane's values to the controls' units. One place, so a drawn curve and
 * an extracted one mean the same thing to the model. The numbers live in levels.json, which
 * training reads too (it normalises its clips to INTENSITY_REFERENCE_DB and calls a frame silent
 * below MELODY_GATE_DB); docs/controls.md, "Levels", describes each.
 */
import LEVELS from './levels.json' with { type: 'json' };

/**
 * The intensity lane is "dB relative to the mix reference". The control is the frame level in
 * dBFS (a full-scale sine reads −3.01 dB); the reference is a typical mixed-music RMS level, and
 * the loudness training normalises every track to.
 * control dB = lane value + INTENSITY_REFERENCE_DB.
 */
export const INTENSITY_REFERENCE_DB: number = LEVELS.INTENSITY_REFERENCE_DB;
/** The intensity lane's range (LANE_SPECS): extracted curves are clamped to it. */
export const INTENSITY_LANE_RANGE: number = LEVELS.INTENSITY_LANE_RANGE;
/** Floor of the frame level: digital silence reads this instead of −∞. */
export const SILENCE_DB: number = LEVELS.SILENCE_DB;
/** Below this frame level (dBFS) a frame has no melody (mask 0) and counts as silent. */
export const MELODY_GATE_DB: number = LEVELS.MELODY_GATE_DB;
