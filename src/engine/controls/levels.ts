/**
 * Constants that tie a lane's values to the controls' units. One place, so a drawn curve and
 * an extracted one mean the same thing to the model.
 */

/**
 * The intensity lane is "dB relative to the mix reference". The control is the frame level in
 * dBFS (a full-scale sine reads −3.01 dB); the reference is a typical mixed-music RMS level.
 * control dB = lane value + INTENSITY_REFERENCE_DB.
 */
export const INTENSITY_REFERENCE_DB = -20;
/** The intensity lane's range (LANE_SPECS): extracted curves are clamped to it. */
export const INTENSITY_LANE_RANGE = 18;
/** Floor of the frame level: digital silence reads this instead of −∞. */
export const SILENCE_DB = -100;
/** Below this frame level (dBFS) a frame has no melody (mask 0) and counts as silent. */
export const MELODY_GATE_DB = -60;
