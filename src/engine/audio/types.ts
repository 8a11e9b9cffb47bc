/** Decoded audio: one Float32Array per channel, all the same length, values nominally in [-1, 1]. */
export interface DecodedAudio {
  readonly channels: readonly Float32Array[];
  readonly sampleRate: number;
}

/** Mono audio at a known rate: what every analysis in the engine takes. */
export interface MonoAudio {
  readonly samples: Float32Array;
  readonly sampleRate: number;
}

/** Thrown for bytes that are not audio we can decode; the CLI and the UI show its message as is. */
export class AudioDecodeError extends Error {
  override readonly name = 'AudioDecodeError';
}
