import { RealFft, hann } from './fft.ts';

export interface StftOptions {
  readonly fftSize: number;
  readonly hop: number;
}

/**
 * Short-time power spectra, frame i centred on sample i·hop (zeros outside the signal), the
 * convention that puts frame i at time i·hop/rate. Calls `onFrame(i, power)` for each frame
 * with a reused buffer of fftSize/2 + 1 bins; nothing is kept, so memory does not grow with
 * the length of the audio.
 */
export function forEachPowerFrame(
  x: Float32Array,
  { fftSize, hop }: StftOptions,
  frames: number,
  onFrame: (i: number, power: Float32Array) => void,
): void {
  const fft = new RealFft(fftSize);
  const w = hann(fftSize);
  const frame = new Float32Array(fftSize);
  const power = new Float32Array(fftSize / 2 + 1);
  const halfN = fftSize / 2;
  for (let i = 0; i < frames; i++) {
    const start = i * hop - halfN;
    if (start >= 0 && start + fftSize <= x.length) {
      for (let j = 0; j < fftSize; j++) frame[j] = x[start + j] * w[j];
    } else {
      for (let j = 0; j < fftSize; j++) {
        const k = start + j;
        frame[j] = k >= 0 && k < x.length ? x[k] * w[j] : 0;
      }
    }
    fft.power(frame, power);
    onFrame(i, power);
  }
}
