/**
 * The video descriptor spec: the one place that states the analysis rate, frame size, patch grid
 * and the order of every feature. The model-pack manifest copies `VIDEO_SPEC` verbatim, training
 * reads it back from `undertone analyze` output, and docs/video.md explains each field.
 */

/** Frames per second the descriptors are computed at (paper §3.3 samples video at a fixed rate too). */
export const ANALYSIS_FPS = 10;
/**
 * Every frame is scaled (not cropped, aspect not kept) to this size before analysis: the patch
 * grid then always covers the whole picture, portrait or landscape, and the cost per frame is fixed.
 */
export const ANALYSIS_WIDTH = 64;
export const ANALYSIS_HEIGHT = 36;
/** Patch grid (columns × rows): 16 × 9 pixel patches at the analysis size. */
export const GRID_COLS = 4;
export const GRID_ROWS = 4;
export const PATCH_COUNT = GRID_COLS * GRID_ROWS;

/** Per patch, in this order; patches are row-major (top-left first). */
export const PATCH_FEATURES = ['r', 'g', 'b', 'luma', 'contrast', 'edges', 'motion'] as const;

/** Hue histogram bins of the frame features (saturation-weighted, 60° each, red first). */
export const HUE_BINS = 6;

/** Per frame, in this order. */
export const FRAME_FEATURES = [
  'r', 'g', 'b', 'brightness', 'contrast', 'saturation', 'colourfulness', 'warmth', 'edges',
  'motion', 'cut',
  ...Array.from({ length: HUE_BINS }, (_, i) => `hue${i}`),
] as const;

/** Per frame, over a centred window of CONTEXT_WINDOW_S, in this order. */
export const CONTEXT_FEATURES = [
  'motionMean', 'motionStd', 'periodicity', 'period', 'cutRate',
  'brightnessMean', 'brightnessTrend', 'motionTrend', 'saturationMean', 'colourfulnessMean',
] as const;

/** Context window length: long enough to hold two periods of a 40 BPM motion. */
export const CONTEXT_WINDOW_S = 6.4;
export const CONTEXT_HALF_FRAMES = Math.round((CONTEXT_WINDOW_S * ANALYSIS_FPS) / 2);

export type PatchFeature = (typeof PATCH_FEATURES)[number];
export type FrameFeature = (typeof FRAME_FEATURES)[number];
export type ContextFeature = (typeof CONTEXT_FEATURES)[number];

export const PATCH_DIM = PATCH_FEATURES.length;
export const FRAME_DIM = FRAME_FEATURES.length;
export const CONTEXT_DIM = CONTEXT_FEATURES.length;

/** Index of a named feature in its vector (typed, so a renamed feature fails to compile). */
export const frameIndex = (f: FrameFeature): number => FRAME_FEATURES.indexOf(f);
export const contextIndex = (f: ContextFeature): number => CONTEXT_FEATURES.indexOf(f);
export const patchIndex = (f: PatchFeature): number => PATCH_FEATURES.indexOf(f);

/** Bumped whenever a definition changes, so a pack trained on old descriptors is refused. */
export const VIDEO_DESCRIPTOR_VERSION = 1;

/** What the model-pack manifest states under `video`. */
export const VIDEO_SPEC = {
  version: VIDEO_DESCRIPTOR_VERSION,
  fps: ANALYSIS_FPS,
  width: ANALYSIS_WIDTH,
  height: ANALYSIS_HEIGHT,
  grid: { cols: GRID_COLS, rows: GRID_ROWS },
  patchFeatures: PATCH_FEATURES,
  frameFeatures: FRAME_FEATURES,
  contextFeatures: CONTEXT_FEATURES,
  contextWindowSeconds: CONTEXT_WINDOW_S,
} as const;
