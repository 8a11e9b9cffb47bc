/**
 * The four control signals of the paper (§3.4) at the model's frame rate, each with a mask.
 * docs/controls.md defines every value; this file is the one shape that the studio (created
 * controls), training labels (extracted controls) and evaluation all exchange.
 */

/** Rates the controls live at. They come from the model pack's manifest; these are the defaults. */
export interface ControlRate {
  /** Audio sample rate the model works at (Hz). */
  readonly sampleRate: number;
  /** Control / token frames per second. sampleRate / frameRate samples per frame. */
  readonly frameRate: number;
}

export const DEFAULT_RATE: ControlRate = { sampleRate: 32000, frameRate: 50 };

export type ControlName = 'rhythm' | 'intensity' | 'melody' | 'emotion' | 'harmony';

/** Columns per frame of each control. */
export const CONTROL_DIMS: Readonly<Record<ControlName, number>> = { rhythm: 1, intensity: 1, melody: 12, emotion: 2, harmony: 24 };

/**
 * One control: `values` is T × dim, row-major (frame t, column c at t·dim + c). `mask` is
 * T × dim as well, 1 where the control instructs the model and 0 where the frame is free
 * (a free span, a lane not drawn, silence for melody). Masked-out values are 0.
 */
export interface ControlTrack {
  readonly dim: number;
  readonly values: Float32Array;
  readonly mask: Float32Array;
}

export interface Controls {
  readonly rate: ControlRate;
  /** Number of frames T; frame t covers time t / frameRate. */
  readonly frames: number;
  readonly rhythm: ControlTrack;
  readonly intensity: ControlTrack;
  readonly melody: ControlTrack;
  readonly emotion: ControlTrack;
  /** Chord tones + root one-hot (controls/harmony.ts). */
  readonly harmony: ControlTrack;
}

/** Frames for a clip of `duration` seconds: ceil(duration · frameRate), as the codec frames audio. */
export function frameCount(duration: number, rate: ControlRate): number {
  if (!(duration > 0)) return 0;
  return Math.ceil(duration * rate.frameRate - 1e-9);
}

export function emptyTrack(frames: number, dim: number): ControlTrack {
  return { dim, values: new Float32Array(frames * dim), mask: new Float32Array(frames * dim) };
}
